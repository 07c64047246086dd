package dev.latchkey.scanner.probe;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.latchkey.catalogue.Probe;
import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.catalogue.Scan;
import dev.latchkey.local.DemoPlatform;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The egress guard, through a table resolver: no test here sends anything to an address
 * other than loopback (refused destinations are refused before any connection).
 */
class EgressGuardTest {

	/** Generous: the first request of a JVM on a loaded machine is slow. */
	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static DemoPlatform platform;

	private final AtomicInteger lookups = new AtomicInteger();

	@BeforeAll
	static void start() {
		platform = DemoPlatform.start(0);
		// Warms Netty and the WebClient up, on loopback.
		new WebClientProbeTransport(TIMEOUT)
			.send(new Probe.Request("GET", URI.create(platform.baseUrl() + "/v1/me"), Map.of()), true)
			.block();
	}

	@AfterAll
	static void stop() {
		platform.close();
	}

	@Test
	void isPublic_refusesLoopbackPrivateLinkLocalUnspecifiedMulticastAndUniqueLocal() throws Exception {
		for (String address : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
				"0.0.0.0", "224.0.0.1", "100.64.0.1", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1",
				"::ffff:127.0.0.1", "::ffff:10.0.0.1")) {
			assertThat(EgressGuard.isPublic(InetAddress.getByName(address))).as(address).isFalse();
		}
		for (String address : List.of("203.0.113.7", "8.8.8.8", "2001:db8::1", "2606:4700::1111")) {
			assertThat(EgressGuard.isPublic(InetAddress.getByName(address))).as(address).isTrue();
		}
	}

	@Test
	void send_nonLocalProviderToLoopback_isRefusedWithoutAConnection() {
		int before = platform.requestCount();

		ProbeAnswer answer = transport(Map.of("platform.example", List.of("127.0.0.1")))
			.send(get("platform.example"), false)
			.block();

		assertThat(answer).isInstanceOf(ProbeAnswer.Refused.class);
		assertThat(platform.requestCount()).isEqualTo(before);
	}

	@Test
	void send_nonLocalProviderToMetadataPrivateOrUniqueLocal_isRefused() {
		for (String address : List.of("169.254.169.254", "10.0.0.5", "192.168.0.10", "fd00::5", "fe80::1")) {
			ProbeAnswer answer = transport(Map.of("platform.example", List.of(address)))
				.send(get("platform.example"), false)
				.block();

			assertThat(answer).as(address).isInstanceOf(ProbeAnswer.Refused.class);
		}
	}

	@Test
	void send_anyResolvedAddressNotPublic_isRefused() {
		ProbeAnswer answer = transport(Map.of("platform.example", List.of("203.0.113.7", "127.0.0.1")))
			.send(get("platform.example"), false)
			.block();

		assertThat(answer).isInstanceOf(ProbeAnswer.Refused.class);
	}

	@Test
	void send_localProvider_connectsToTheAddressItChecked() {
		int before = platform.requestCount();

		// "demo.platform.test" exists only in the table: the connection can only have
		// gone to the checked address.
		ProbeAnswer answer = transport(Map.of("demo.platform.test", List.of("127.0.0.1")))
			.send(get("demo.platform.test"), true)
			.block();

		assertThat(answer).isInstanceOfSatisfying(ProbeAnswer.Answered.class,
				(answered) -> assertThat(answered.status()).isEqualTo(200));
		assertThat(platform.requestCount()).isEqualTo(before + 1);
		assertThat(this.lookups).as("checked before sending, and again by the connection").hasValue(2);
	}

	@Test
	void send_unknownHost_isUnreachable() {
		ProbeAnswer answer = transport(Map.of()).send(get("nowhere.example"), false).block();

		assertThat(answer).isInstanceOf(ProbeAnswer.Unreachable.class);
	}

	@Test
	void verify_providerNotMarkedLocal_overriddenToLoopback_isErrorEgressRefused_withoutTakingAPlatformPermit() {
		int before = platform.requestCount();
		AtomicInteger permits = new AtomicInteger();
		PlatformLimits counting = new PlatformLimits() {

			@Override
			public Mono<Permit> acquire(String provider, Scan.RateLimit limit) {
				permits.incrementAndGet();
				return PlatformLimits.NONE.acquire(provider, limit);
			}

			@Override
			public Mono<Void> pause(String provider, Instant until) {
				return Mono.empty();
			}

		};
		PlatformVerifier verifier = new PlatformVerifier(new WebClientProbeTransport(TIMEOUT),
				new CatalogueProperties(Map.of("openai", platform.baseUrl()), Map.of()), counting, Clock.systemUTC());

		Verification verification = verifier
			.verify(ProviderCatalogue.builtIn().find("openai").orElseThrow(), Map.of("api_key", "sk-" + "a".repeat(30)))
			.block();

		assertThat(verification.reason()).isEqualTo("EGRESS_REFUSED");
		assertThat(verification.transientFailure()).isFalse();
		assertThat(platform.requestCount()).isEqualTo(before);
		assertThat(permits).as("rate and concurrency permits asked for").hasValue(0);
	}

	private WebClientProbeTransport transport(Map<String, List<String>> table) {
		return new WebClientProbeTransport(TIMEOUT, (host) -> {
			this.lookups.incrementAndGet();
			List<String> addresses = table.get(host);
			if (addresses == null) {
				throw new UnknownHostException(host);
			}
			return addresses.stream().map(EgressGuardTest::literal).toList();
		});
	}

	private static InetAddress literal(String address) {
		try {
			// A literal: no lookup happens.
			return InetAddress.getByName(address);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Probe.Request get(String host) {
		return new Probe.Request("GET", URI.create("http://" + host + ":" + platformPort() + "/v1/me"),
				Map.of("Authorization", "Bearer demo_live_egress0000"));
	}

	private static int platformPort() {
		return URI.create(platform.baseUrl()).getPort();
	}

}
