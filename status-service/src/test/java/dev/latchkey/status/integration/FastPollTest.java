package dev.latchkey.status.integration;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import dev.latchkey.kafka.KafkaSupportAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * A plain poll is answered behind the HTTP codec (web-security's fast route) with exactly
 * the bytes the controller writes through the whole chain: the same request sent to two
 * servers over the same view, one with the fast route and one without
 * ({@code latchkey.security.fast-routes.enabled=false}), answers byte for byte the same,
 * for 200 and for 304 in every form of {@code If-None-Match} the controller accepts. The
 * fast server counts what reaches WebFlux, to show the fast answers never did.
 */
class FastPollTest {

	private static final String PATH = "/api/integrations/status";

	private static ConfigurableApplicationContext fast;

	private static ConfigurableApplicationContext chain;

	@BeforeAll
	static void start() {
		fast = start(true);
		chain = start(false);
	}

	@AfterAll
	static void stop() {
		fast.close();
		chain.close();
	}

	private static ConfigurableApplicationContext start(boolean fastRoutes) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(WebLayer.class)
			// Arguments: they override the service's application.yml (its port above
			// all).
			.run("--server.port=0", "--server.address=127.0.0.1",
					"--latchkey.security.jwt.hmac-secret=" + WebTestSupport.JWT_SECRET, "--" + WebTestSupport.ISSUER,
					"--" + WebTestSupport.AUDIENCE, "--management.endpoint.health.validate-group-membership=false",
					"--latchkey.security.fast-routes.enabled=" + fastRoutes);
		StatusView view = context.getBean(StatusView.class);
		view.apply(Fixtures.anActiveDemo());
		view.apply(Fixtures.aPendingTwilio());
		return context;
	}

	@Test
	void theFastAnswerIsTheChainsByteForByte_200And304() {
		String token = WebTestSupport.tokenFor(Fixtures.TENANT_A);
		String auth = "Authorization: Bearer " + token + "\r\n";
		// The first poll of a token is verified by the chain, which caches it.
		get(port(fast), auth);
		get(port(chain), auth);
		int reachedWebFlux = webFluxRequests();

		String ok = sameFromBoth(auth);
		assertThat(ok).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nETag: \"");
		String etag = header(ok, "ETag");
		for (String ifNoneMatch : List.of(etag, "W/" + etag, "\"other\", " + etag, "W/\"other\", W/" + etag)) {
			String notModified = sameFromBoth(auth + "If-None-Match: " + ifNoneMatch + "\r\n");
			assertThat(notModified).as(ifNoneMatch).startsWith("HTTP/1.1 304 Not Modified\r\n");
		}
		String twoLines = sameFromBoth(auth + "If-None-Match: \"other\"\r\nIf-None-Match: " + etag + "\r\n");
		assertThat(twoLines).startsWith("HTTP/1.1 304 ");
		// The controller's checkNotModified does not take * for a match (as Spring has
		// it).
		for (String ifNoneMatch : List.of("\"other\"", "W/\"other\"", "garbage", "*")) {
			String changed = sameFromBoth(auth + "If-None-Match: " + ifNoneMatch + "\r\n");
			assertThat(changed).as(ifNoneMatch).isEqualTo(ok);
		}
		assertThat(sameFromBoth(auth + "Accept: */*\r\n")).isEqualTo(ok);
		assertThat(sameFromBoth(auth + "Accept: application/json\r\n")).isEqualTo(ok);
		assertThat(webFluxRequests()).as("requests that reached WebFlux").isEqualTo(reachedWebFlux);
	}

	@Test
	void whatTheFastRouteLeavesAloneIsTheChainsAnswer() {
		String token = WebTestSupport.tokenFor(Fixtures.TENANT_B);
		String auth = "Authorization: Bearer " + token + "\r\n";
		get(port(fast), auth);
		int reachedWebFlux = webFluxRequests();
		assertThat(get(port(fast), auth + "Accept: text/html\r\n")).startsWith("HTTP/1.1 406 ");
		assertThat(get(port(fast), auth + "Accept: application/json;q=0.5, text/plain\r\n"))
			.startsWith("HTTP/1.1 200 ");
		assertThat(webFluxRequests()).isEqualTo(reachedWebFlux + 2);
	}

	@Test
	void fastPollsCountInTheHttpServerTimerOfTheRoute() {
		MeterRegistry meters = fast.getBean(MeterRegistry.class);
		String auth = "Authorization: Bearer " + WebTestSupport.tokenFor("tenant-metrics") + "\r\n";
		long before = polls(meters);
		// The chain's (first poll of the token), then two fast ones: one series.
		for (int i = 0; i < 3; i++) {
			assertThat(get(port(fast), auth)).startsWith("HTTP/1.1 200 ");
		}
		Awaitility.await().untilAsserted(() -> assertThat(polls(meters)).isEqualTo(before + 3));
		Collection<Timer> timers = meters.find("http.server.requests").tag("uri", PATH).tag("status", "200").timers();
		assertThat(timers).hasSize(1);
		assertThat(timers.iterator().next().getId().getTags()).extracting(Tag::getKey, Tag::getValue)
			.contains(tuple("method", "GET"), tuple("outcome", "SUCCESS"), tuple("exception", "none"),
					tuple("error", "none"));
	}

	private static long polls(MeterRegistry meters) {
		return meters.find("http.server.requests")
			.tag("uri", PATH)
			.tag("status", "200")
			.timers()
			.stream()
			.mapToLong(Timer::count)
			.sum();
	}

	/** The same request to both servers; the answers must be equal, byte for byte. */
	private static String sameFromBoth(String headers) {
		String fromFast = get(port(fast), headers);
		String fromChain = get(port(chain), headers);
		assertThat(fromFast).as("fast answer to\n" + headers).isEqualTo(fromChain);
		return fromFast;
	}

	private static int webFluxRequests() {
		return fast.getBean("webFluxRequests", AtomicInteger.class).get();
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

	private static String header(String answer, String name) {
		for (String line : answer.substring(0, answer.indexOf("\r\n\r\n")).split("\r\n")) {
			if (line.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":")) {
				return line.substring(name.length() + 1).trim();
			}
		}
		return null;
	}

	/** One GET on a connection of its own; the answer as sent, status line to body. */
	static String get(int port, String headers) {
		String request = "GET " + PATH + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" + headers + "\r\n";
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			socket.setSoTimeout(20_000);
			socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
			return readAnswer(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Reads one answer with a Content-Length (or none, for 304), not a byte more. */
	static String readAnswer(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				throw new IOException("Connection closed within an answer: " + head);
			}
			head.write(b);
		}
		String text = head.toString(StandardCharsets.ISO_8859_1);
		String length = header(text, "Content-Length");
		byte[] body = in.readNBytes((length != null) ? Integer.parseInt(length) : 0);
		return text + new String(body, StandardCharsets.ISO_8859_1);
	}

	/** The web layer over a caught-up view, no Kafka; counts what reaches WebFlux. */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration(exclude = { KafkaAutoConfiguration.class, KafkaMetricsAutoConfiguration.class,
			KafkaSupportAutoConfiguration.class })
	@Import({ StatusController.class, StatusPollRoute.class, WebTestSupport.CaughtUpView.class })
	static class WebLayer {

		@Bean
		AtomicInteger webFluxRequests() {
			return new AtomicInteger();
		}

		@Bean
		@Order(Integer.MIN_VALUE)
		WebFilter countWebFluxRequests(AtomicInteger webFluxRequests) {
			return (exchange, chain) -> {
				webFluxRequests.incrementAndGet();
				return chain.filter(exchange);
			};
		}

	}

}
