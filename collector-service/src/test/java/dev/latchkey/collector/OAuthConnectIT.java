package dev.latchkey.collector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.sun.net.httpserver.HttpServer;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.local.FreePort;
import dev.latchkey.local.SharedInfrastructure;
import dev.latchkey.schemas.CredentialReceived;
import dev.latchkey.schemas.Topics;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import dev.latchkey.websecurity.DevTokens;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browserless OAuth dance against the real demo OAuth server (mock-oauth2-server,
 * which verifies PKCE), the real broker, registry and MongoDB wire protocol: a
 * cookie-aware client follows every redirect from the authorize URL to the return URL.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ExtendWith(OutputCaptureExtension.class)
class OAuthConnectIT {

	/**
	 * Known before the context starts, for the redirect URI registered at the platform.
	 */
	private static final int PORT = FreePort.pick();

	/** Stands in for the status page the browser returns to. */
	private static HttpServer returnPage;

	@LocalServerPort
	int port;

	@Autowired
	ReactiveMongoTemplate mongo;

	@BeforeAll
	static void startReturnPage() throws IOException {
		returnPage = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		returnPage.createContext("/", (exchange) -> {
			byte[] body = "back home".getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		returnPage.start();
	}

	@AfterAll
	static void stopReturnPage() {
		returnPage.stop(0);
	}

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		SharedInfrastructure infra = SharedInfrastructure.get();
		registry.add("spring.kafka.bootstrap-servers", infra::kafkaBootstrapServers);
		registry.add("spring.kafka.properties.apicurio.registry.url", infra::registryUrl);
		registry.add("spring.mongodb.uri", () -> infra.mongoConnectionString() + "collector_it");
		registry.add("latchkey.security.jwt.hmac-secret", () -> Fixtures.JWT_SECRET);
		registry.add("latchkey.security.jwt.issuer", () -> DevTokens.ISSUER);
		registry.add("latchkey.security.jwt.audience", () -> DevTokens.AUDIENCE);
		// Many submissions of one integration: the limits are not what this tests.
		registry.add("latchkey.collector.limits.per-tenant.requests", () -> "10000");
		registry.add("latchkey.collector.limits.per-integration.requests", () -> "10000");
		registry.add("latchkey.collector.vault-public-keyset-file", OAuthConnectIT::vaultPublicKeysetFile);
		registry.add("latchkey.oauth.clients.demo-oauth.client-id", () -> "latchkey-it");
		registry.add("latchkey.oauth.clients.demo-oauth.client-secret", () -> "latchkey-it-secret");
		registry.add("latchkey.oauth.clients.demo-oauth.base-url", () -> infra.demoOAuthServer().baseUrl());
		registry.add("latchkey.oauth.allowed-return-urls", OAuthConnectIT::returnUrl);
		registry.add("server.port", () -> PORT);
		registry.add("latchkey.oauth.redirect-base-url", () -> "http://localhost:" + PORT);
	}

	@Test
	void theFullDanceLandsOnTheReturnUrlWithAnIntegrationIdAndPublishesSealedTokens(CapturedOutput output)
			throws Exception {
		String name = "it-" + UUID.randomUUID().toString().substring(0, 8);
		CookieManager cookies = new CookieManager();
		URI authorize = connect(cookies, name, returnUrl() + "/done");

		HttpResponse<String> landed = browser(cookies, HttpClient.Redirect.NORMAL)
			.send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.ofString());

		assertThat(landed.statusCode()).isEqualTo(200);
		assertThat(landed.body()).isEqualTo("back home");
		assertThat(landed.uri().toString()).startsWith(returnUrl() + "/done?");
		Map<String, String> back = query(landed.uri());
		assertThat(back).containsKey("integration_id").doesNotContainKey("error");
		String integrationId = back.get("integration_id");

		ConsumerRecord<byte[], byte[]> record = TopicRecords.awaitRecord(Topics.CREDENTIAL_RECEIVED, integrationId);
		CredentialReceived event = deserialize(record.value());
		assertThat(event.getSource()).isEqualTo("OAUTH");
		assertThat(event.getProvider()).isEqualTo("demo-oauth");
		assertThat(event.getName()).isEqualTo(name);
		assertThat(event.getExpiresAt()).isAfter(java.time.Instant.now().plusSeconds(3000));
		assertThat(event.getScopes()).contains("openid");
		byte[] sealed = new byte[event.getSealedSecret().remaining()];
		event.getSealedSecret().duplicate().get(sealed);
		SecretFields secret = Fixtures.vaultOpener()
			.open(sealed, AssociatedData.forSubmission(Fixtures.TENANT, integrationId, event.getEventId()));
		String accessToken = secret.value("access_token");
		String refreshToken = secret.value("refresh_token");
		assertThat(accessToken).isNotBlank();
		assertThat(refreshToken).isNotBlank();

		// Canary: the tokens the server minted appear in no topic byte, redirect, log
		// line
		// or stored state.
		String raw = new String(record.value(), StandardCharsets.ISO_8859_1);
		assertThat(raw).doesNotContain(accessToken).doesNotContain(refreshToken);
		assertThat(landed.uri().toString()).doesNotContain(accessToken).doesNotContain(refreshToken);
		assertThat(output.getAll()).doesNotContain(accessToken).doesNotContain(refreshToken);
		List<Document> states = this.mongo.findAll(Document.class, "oauth_states").collectList().block();
		assertThat(states.toString()).doesNotContain(accessToken).doesNotContain(refreshToken);
	}

	@Test
	void aUserWhoDeniesLandsBackWithTheErrorAndNothingIsPublished() throws Exception {
		SharedInfrastructure.get().demoOAuthServer().denyNextAuthorization();
		CookieManager cookies = new CookieManager();
		URI authorize = connect(cookies, "denied", returnUrl());

		HttpResponse<String> landed = browser(cookies, HttpClient.Redirect.NORMAL)
			.send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.ofString());

		assertThat(landed.statusCode()).isEqualTo(200);
		assertThat(query(landed.uri())).containsEntry("error", "access_denied").doesNotContainKey("integration_id");
		String integrationId = dev.latchkey.catalogue.IntegrationId.of(Fixtures.TENANT, "demo-oauth", "denied").value();
		ConsumerRecord<byte[], byte[]> reported = TopicRecords.awaitRecord(Topics.CONNECT_FAILED, integrationId);
		assertThat(new String(reported.value(), StandardCharsets.ISO_8859_1)).contains("ACCESS_DENIED");
	}

	@Test
	void aReplayedCallbackIsRejectedAndPublishesNothing() throws Exception {
		CookieManager cookies = new CookieManager();
		URI callback = callbackOf(connect(cookies, "replay", returnUrl()));
		HttpClient noRedirects = browser(cookies, HttpClient.Redirect.NEVER);

		HttpResponse<String> first = noRedirects.send(HttpRequest.newBuilder(callback).build(),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> replay = noRedirects.send(HttpRequest.newBuilder(callback).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(first.statusCode()).isEqualTo(303);
		assertThat(replay.statusCode()).isEqualTo(400);
		assertThat(replay.body()).contains("invalid-oauth-state");
	}

	@Test
	void theConnectAnswerBindsTheStateToTheBrowserWithAnHttpOnlyCookie() throws Exception {
		HttpResponse<String> response = postConnect(new CookieManager(), "cookie", returnUrl());

		assertThat(response.statusCode()).isEqualTo(200);
		String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
		// Plain http here, so not the __Host- form (browsers refuse Secure over http).
		assertThat(cookie).startsWith("latchkey-connect=")
			.contains("Path=/")
			.contains("HttpOnly")
			.contains("SameSite=Lax")
			.contains("Max-Age=600");
		assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
	}

	@Test
	void aConnectStartedByAnAttacker_isRefusedInAVictimsBrowser_andPublishesNothing() throws Exception {
		String name = "csrf-" + UUID.randomUUID().toString().substring(0, 8);
		CookieManager attacker = new CookieManager();
		URI authorize = connect(attacker, name, returnUrl());

		// The victim's browser follows the attacker's authorize URL and consents.
		CookieManager victim = new CookieManager();
		URI callback = callbackOf(authorize);
		HttpResponse<String> refused = browser(victim, HttpClient.Redirect.NEVER)
			.send(HttpRequest.newBuilder(callback).build(), HttpResponse.BodyHandlers.ofString());

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(refused.body()).contains("invalid-oauth-state").contains("another browser");
		String integrationId = dev.latchkey.catalogue.IntegrationId.of(Fixtures.TENANT, "demo-oauth", name).value();
		assertThat(TopicRecords.recordsNow(Topics.CREDENTIAL_RECEIVED, integrationId)).isEmpty();

		// The state was not used up: the browser that started the connect finishes it.
		HttpResponse<String> finished = browser(attacker, HttpClient.Redirect.NEVER)
			.send(HttpRequest.newBuilder(callback).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(finished.statusCode()).isEqualTo(303);
		assertThat(finished.headers().firstValue("Location").orElseThrow()).contains("integration_id=" + integrationId);
	}

	@Test
	void aCallbackNamingAnotherProvider_isRefusedAndLeavesTheStateUsable() throws Exception {
		CookieManager cookies = new CookieManager();
		URI callback = callbackOf(connect(cookies, "provider-swap", returnUrl()));
		URI otherProvider = URI.create(callback.toString().replace("/oauth/demo-oauth/", "/oauth/github-oauth/"));
		HttpClient browser = browser(cookies, HttpClient.Redirect.NEVER);

		HttpResponse<String> refused = browser.send(HttpRequest.newBuilder(otherProvider).build(),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> finished = browser.send(HttpRequest.newBuilder(callback).build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(refused.statusCode()).isEqualTo(400);
		assertThat(refused.body()).contains("another provider");
		assertThat(finished.statusCode()).isEqualTo(303);
		assertThat(finished.headers().firstValue("Location").orElseThrow()).contains("integration_id=");
	}

	@Test
	void aStateMadeUpByAnAttackerIsRejected() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(
					"http://localhost:" + this.port + "/oauth/demo-oauth/callback?code=x&state=" + UUID.randomUUID()))
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(400);
	}

	@Test
	void connectRefusesAReturnUrlOutsideTheAllowList() throws Exception {
		HttpResponse<String> response = postConnect(new CookieManager(), "evil", "https://evil.example/steal");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("invalid-oauth-request").doesNotContain("evil.example/steal\"");
	}

	@Test
	void connectWithoutATokenIsUnauthorized() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest
				.newBuilder(URI.create("http://localhost:" + this.port + "/api/integrations/demo-oauth/connect"))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());

		assertThat(response.statusCode()).isEqualTo(401);
	}

	/** A browser: its own cookies, redirects followed or not. */
	private static HttpClient browser(CookieManager cookies, HttpClient.Redirect redirects) {
		return HttpClient.newBuilder().cookieHandler(cookies).followRedirects(redirects).build();
	}

	/** The platform's redirect back to the collector, as a consenting user gets it. */
	private static URI callbackOf(URI authorize) throws Exception {
		return URI.create(browser(new CookieManager(), HttpClient.Redirect.NEVER)
			.send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.discarding())
			.headers()
			.firstValue("Location")
			.orElseThrow());
	}

	private URI connect(CookieManager cookies, String name, String returnUrl) throws Exception {
		HttpResponse<String> response = postConnect(cookies, name, returnUrl);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		String url = response.body().replaceAll(".*\"authorizeUrl\"\\s*:\\s*\"([^\"]+)\".*", "$1");
		return URI.create(url);
	}

	/** The page's fetch with credentials: the browser keeps the cookie it is given. */
	private HttpResponse<String> postConnect(CookieManager cookies, String name, String returnUrl) throws Exception {
		return browser(cookies, HttpClient.Redirect.NEVER).send(HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + "/api/integrations/demo-oauth/connect"))
			.header("Authorization", "Bearer " + Fixtures.tokenFor(Fixtures.TENANT))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers
				.ofString("{\"name\":\"" + name + "\",\"returnUrl\":\"" + returnUrl + "\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static String returnUrl() {
		return "http://localhost:" + returnPage.getAddress().getPort() + "/integrations";
	}

	private static Map<String, String> query(URI uri) {
		Map<String, String> query = new LinkedHashMap<>();
		for (String pair : uri.getRawQuery().split("&")) {
			int eq = pair.indexOf('=');
			query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
		}
		return query;
	}

	private static CredentialReceived deserialize(byte[] value) {
		assertThat(value[0]).as("Confluent magic byte").isZero();
		assertThat(ByteBuffer.wrap(value, 1, 4).getInt()).isPositive();
		Map<String, Object> config = new HashMap<>();
		config.put("apicurio.registry.url", SharedInfrastructure.get().registryUrl());
		config.put("apicurio.registry.as-confluent", true);
		config.put("apicurio.registry.use-id", "contentId");
		config.put("apicurio.registry.headers.enabled", false);
		config.put("apicurio.registry.use-specific-avro-reader", true);
		try (AvroKafkaDeserializer<CredentialReceived> deserializer = new AvroKafkaDeserializer<>()) {
			deserializer.configure(config, false);
			return deserializer.deserialize(Topics.CREDENTIAL_RECEIVED, value);
		}
	}

	private static String vaultPublicKeysetFile() {
		try {
			Path file = Files.createTempFile("vault-public-", ".json");
			file.toFile().deleteOnExit();
			return Files.writeString(file, Fixtures.vaultPublicKeysetJson()).toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
