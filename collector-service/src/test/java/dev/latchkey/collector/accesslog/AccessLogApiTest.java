package dev.latchkey.collector.accesslog;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.crypto.tink.KeysetHandle;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.latchkey.collector.Fixtures;
import dev.latchkey.collector.TestMongo;
import dev.latchkey.catalogue.IntegrationId;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.RequestVerifier;
import dev.latchkey.websecurity.DevTokens;
import dev.latchkey.crypto.SignedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tenant's access log through the collector, which reads it from the vault with the
 * real vault client, signed with the collector's key: a stand-in vault verifies the
 * signature and answers as the vault does.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
class AccessLogApiTest {

	private static final KeysetHandle SIGNING_KEY = Keysets.generate(Keysets.SIGNATURE_TEMPLATE);

	private static final StandInVault vault = StandInVault.start(new RequestVerifier(Keysets.publicOf(SIGNING_KEY)));

	private static final String OURS = IntegrationId.of(Fixtures.TENANT, "demo", "default").value();

	private static final String THEIRS = IntegrationId.of(Fixtures.OTHER_TENANT, "demo", "default").value();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("latchkey.collector.vault-public-keyset", Fixtures::vaultPublicKeysetJson);
		registry.add("latchkey.security.jwt.hmac-secret", () -> Fixtures.JWT_SECRET);
		registry.add("latchkey.security.jwt.issuer", () -> DevTokens.ISSUER);
		registry.add("latchkey.security.jwt.audience", () -> DevTokens.AUDIENCE);
		registry.add("spring.mongodb.uri", () -> TestMongo.uri("collector_access_log"));
		registry.add("latchkey.collector.vault.url", vault::url);
		registry.add("latchkey.collector.vault.signing-keyset", () -> Keysets.toSecretJson(SIGNING_KEY));
	}

	@Autowired
	WebTestClient client;

	@AfterAll
	static void stopVault() {
		vault.close();
	}

	@BeforeEach
	void reset() {
		vault.received.clear();
		vault.status = 200;
	}

	@Test
	void theTenantReadsItsAccessLog_newestFirst_withTheCursorOfTheNextPage() {
		String body = get("/api/integrations/" + OURS + "/access-log?limit=2&cursor=MTc2NDAwMDAwMDAwMDphYmM",
				Fixtures.TENANT)
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();

		assertThat(body).isEqualToIgnoringWhitespace("""
				{"integrationId":"%s","entries":[
				 {"at":"2026-11-24T10:15:29.123Z","consumer":"collector","authenticated":true,"purpose":"refresh",
				  "version":3,"outcome":"GRANTED","reason":null},
				 {"at":"2026-11-24T10:15:28Z","consumer":"scanner","authenticated":false,"purpose":"scan",
				  "version":null,"outcome":"REFUSED","reason":"BAD_SIGNATURE"}],
				 "next":"bmV4dA"}""".formatted(OURS));
		StandInVault.Received asked = vault.received.get(0);
		assertThat(asked.verified()).as("signed with the collector's key").isTrue();
		assertThat(asked.consumer()).isEqualTo("collector");
		assertThat(asked.path()).isEqualTo("/internal/integrations/" + OURS + "/access-log");
		assertThat(asked.query()).containsEntry("tenant", Fixtures.TENANT)
			.containsEntry("limit", "2")
			.containsEntry("cursor", "MTc2NDAwMDAwMDAwMDphYmM");
	}

	@Test
	void anotherTenantsIntegration_isA404ExactlyLikeAnUnknownOne() {
		String theirs = notFound("/api/integrations/" + THEIRS + "/access-log");
		String unknown = notFound(
				"/api/integrations/" + IntegrationId.of("nobody", "demo", "x").value() + "/access-log");
		String malformed = notFound("/api/integrations/int_not-even-an-id/access-log");

		assertThat(theirs).isEqualTo(unknown).isEqualTo(malformed).contains("unknown-integration");
		assertThat(vault.received).extracting(StandInVault.Received::query)
			.allSatisfy((query) -> assertThat(query).containsEntry("tenant", Fixtures.TENANT));
	}

	@Test
	void withoutAToken_isA401() {
		this.client.get().uri("/api/integrations/" + OURS + "/access-log").exchange().expectStatus().isUnauthorized();
		assertThat(vault.received).isEmpty();
	}

	@Test
	void aLimitOrCursorOutOfShape_isA400_withoutAskingTheVault() {
		for (String query : List.of("limit=0", "limit=201", "limit=ten", "cursor=a%2Fb")) {
			get("/api/integrations/" + OURS + "/access-log?" + query, Fixtures.TENANT).expectStatus().isBadRequest();
		}
		assertThat(vault.received).isEmpty();
	}

	@Test
	void aCursorTheVaultDidNotWrite_isA400() {
		vault.status = 400;

		get("/api/integrations/" + OURS + "/access-log?cursor=bm9wZQ", Fixtures.TENANT).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://latchkey.dev/problems/invalid-access-log-request");
	}

	@Test
	void aVaultThatCannotAnswer_isA503ToRetry() {
		vault.status = 503;

		get("/api/integrations/" + OURS + "/access-log", Fixtures.TENANT).expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.exists("Retry-After");
	}

	private String notFound(String path) {
		return get(path, Fixtures.TENANT).expectStatus()
			.isNotFound()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody()
			.replaceAll("\"instance\":\"[^\"]*\",?", "");
	}

	private WebTestClient.ResponseSpec get(String path, String tenant) {
		return this.client.get().uri(path).headers((h) -> h.setBearerAuth(Fixtures.tokenFor(tenant))).exchange();
	}

	/**
	 * The vault's access-log endpoint as far as the collector can tell: it verifies the
	 * signature, answers the page below for the tenant's own integration, and 404 for
	 * anything else (or the status the test sets).
	 */
	static final class StandInVault implements AutoCloseable {

		final List<Received> received = new CopyOnWriteArrayList<>();

		volatile int status = 200;

		private final HttpServer server;

		private final RequestVerifier verifier;

		private StandInVault(HttpServer server, RequestVerifier verifier) {
			this.server = server;
			this.verifier = verifier;
		}

		static StandInVault start(RequestVerifier verifier) {
			try {
				HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
				StandInVault vault = new StandInVault(server, verifier);
				server.createContext("/", vault::handle);
				server.start();
				return vault;
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}

		String url() {
			return "http://127.0.0.1:" + this.server.getAddress().getPort();
		}

		@Override
		public void close() {
			this.server.stop(0);
		}

		private void handle(HttpExchange exchange) throws IOException {
			try (exchange) {
				byte[] body = exchange.getRequestBody().readAllBytes();
				String rawQuery = exchange.getRequestURI().getRawQuery();
				String consumer = exchange.getRequestHeaders().getFirst(SignedRequest.CONSUMER_HEADER);
				String timestamp = exchange.getRequestHeaders().getFirst(SignedRequest.TIMESTAMP_HEADER);
				boolean verified = consumer != null && timestamp != null
						&& this.verifier
							.verifies(
									new SignedRequest(consumer, exchange.getRequestMethod(),
											exchange.getRequestURI().getRawPath()
													+ ((rawQuery != null) ? "?" + rawQuery : ""),
											Long.parseLong(timestamp), body),
									exchange.getRequestHeaders().getFirst(SignedRequest.SIGNATURE_HEADER));
				Map<String, String> query = new LinkedHashMap<>();
				for (String pair : (rawQuery != null) ? rawQuery.split("&") : new String[0]) {
					String[] nameAndValue = pair.split("=", 2);
					query.put(nameAndValue[0], URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8));
				}
				this.received.add(new Received(consumer, exchange.getRequestURI().getRawPath(), query, verified));
				boolean ours = verified && exchange.getRequestURI().getRawPath().contains(OURS)
						&& Fixtures.TENANT.equals(query.get("tenant"));
				int answer = (this.status != 200) ? this.status : ours ? 200 : 404;
				String json = (answer == 200) ? """
						{"entries":[
						 {"at":"2026-11-24T10:15:29.123Z","consumer":"collector","authenticated":true,
						  "purpose":"refresh","version":3,"outcome":"GRANTED","reason":null},
						 {"at":"2026-11-24T10:15:28Z","consumer":"scanner","authenticated":false,
						  "purpose":"scan","version":null,"outcome":"REFUSED","reason":"BAD_SIGNATURE"}],
						 "next":"bmV4dA"}""" : "{\"status\":" + answer + "}";
				byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders()
					.set("Content-Type", (answer == 200) ? "application/json" : "application/problem+json");
				exchange.sendResponseHeaders(answer, bytes.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(bytes);
				}
			}
		}

		record Received(String consumer, String path, Map<String, String> query, boolean verified) {
		}

	}

}
