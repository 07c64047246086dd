package dev.latchkey.scanner.probe;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import dev.latchkey.catalogue.Probe;
import dev.latchkey.local.DemoPlatform;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WebClientProbeTransportTest {

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	/**
	 * For answers that come: a timeout far above a first request's cold start (class
	 * loading, Netty's event loops, a first connection: over 1 s on a busy machine).
	 */
	private final WebClientProbeTransport transport = new WebClientProbeTransport(Duration.ofSeconds(10));

	/** For the timeout itself. */
	private final WebClientProbeTransport impatient = new WebClientProbeTransport(TIMEOUT);

	@Test
	void send_passesTheCredentialHeaderAndReturnsStatusAndBody() {
		try (DemoPlatform platform = DemoPlatform.start(0)) {
			ProbeAnswer answer = this.transport
				.send(get(platform.baseUrl() + "/v1/me", Map.of("Authorization", "Bearer demo_live_abcdef")), true)
				.block();

			assertThat(answer).isInstanceOfSatisfying(ProbeAnswer.Answered.class, (answered) -> {
				assertThat(answered.status()).isEqualTo(200);
				assertThat(answered.body()).startsWith("{\"ok\":true");
				assertThat(answered.header("X-OAuth-Scopes")).isEqualTo("read,write");
			});
		}
	}

	@Test
	void send_pastItsSendByTime_isNotSentAtAll_whileInTimeItIs() {
		try (DemoPlatform platform = DemoPlatform.start(0)) {
			Probe.Request request = get(platform.baseUrl() + "/v1/me",
					Map.of("Authorization", "Bearer demo_live_abcdef"));

			ProbeAnswer late = this.transport.send(request, true, Instant.now().minusMillis(1)).block();
			ProbeAnswer inTime = this.transport.send(request, true, Instant.now().plusSeconds(5)).block();
			ProbeAnswer lateOnAPooledConnection = this.transport.send(request, true, Instant.now().minusMillis(1))
				.block();

			assertThat(late).isInstanceOf(ProbeAnswer.Late.class);
			assertThat(inTime).isInstanceOfSatisfying(ProbeAnswer.Answered.class,
					(answered) -> assertThat(answered.status()).isEqualTo(200));
			assertThat(lateOnAPooledConnection).isInstanceOf(ProbeAnswer.Late.class);
			assertThat(platform.requestCount()).as("requests that reached the platform").isEqualTo(1);
		}
	}

	@Test
	void send_nothingListening_isUnreachable() {
		ProbeAnswer answer = this.transport.send(get(TestPlatform.down() + "/v1/me", Map.of()), true).block();

		assertThat(answer).isInstanceOf(ProbeAnswer.Unreachable.class);
	}

	@Test
	void send_noAnswerWithinTheTimeout_timesOut() {
		try (TestPlatform slow = TestPlatform.slow(TIMEOUT.multipliedBy(4))) {
			// Warmed up first, so that only the platform's slowness is timed.
			this.impatient.send(get(TestPlatform.down() + "/v1/me", Map.of()), true).block();
			ProbeAnswer answer = this.impatient.send(get(slow.baseUrl() + "/v1/me", Map.of()), true).block();

			assertThat(answer).isInstanceOf(ProbeAnswer.TimedOut.class);
		}
	}

	@Test
	void send_hugeBody_isReadOnlyUpToTheBound() {
		byte[] huge = new byte[WebClientProbeTransport.MAX_BODY_BYTES * 4];
		Arrays.fill(huge, (byte) 'x');
		try (TestPlatform chatty = TestPlatform.answering(200, huge, Duration.ZERO)) {
			ProbeAnswer answer = this.transport.send(get(chatty.baseUrl() + "/", Map.of()), true).block();

			assertThat(answer).isInstanceOfSatisfying(ProbeAnswer.Answered.class,
					(answered) -> assertThat(answered.body()).hasSize(WebClientProbeTransport.MAX_BODY_BYTES));
		}
	}

	@Test
	void send_redirect_isNotFollowed() {
		try (TestPlatform redirecting = TestPlatform.answering(302, new byte[0], Duration.ZERO)) {
			ProbeAnswer answer = this.transport.send(get(redirecting.baseUrl() + "/", Map.of()), true).block();

			assertThat(answer).isInstanceOfSatisfying(ProbeAnswer.Answered.class,
					(answered) -> assertThat(answered.status()).isEqualTo(302));
		}
	}

	private static Probe.Request get(String url, Map<String, String> headers) {
		return new Probe.Request("GET", URI.create(url), headers);
	}

}
