package dev.latchkey.vault.lease;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.crypto.HpkeOpener;
import dev.latchkey.crypto.HpkeSealer;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.RequestSigner;
import dev.latchkey.crypto.RequestVerifier;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.crypto.SignedRequest;
import dev.latchkey.vault.FakeKeyHierarchy;
import dev.latchkey.vault.Fixtures;
import dev.latchkey.vault.consumer.Purpose;
import dev.latchkey.vault.consumer.RegisteredConsumer;
import dev.latchkey.vault.consumer.RegisteredConsumers;
import dev.latchkey.vault.credential.Credential;
import dev.latchkey.vault.credential.CredentialState;
import dev.latchkey.vault.credential.CurrentCredentials;
import dev.latchkey.vault.credential.IntegrityFailures;
import dev.latchkey.vault.crypto.Envelope;
import dev.latchkey.vault.crypto.KeyHierarchy;
import dev.latchkey.vault.crypto.StoredVersion;
import dev.latchkey.vaultclient.AccessLogEntry;
import dev.latchkey.vaultclient.AccessLogPage;
import dev.latchkey.vaultclient.Lease;
import dev.latchkey.vaultclient.LeaseOpener;
import dev.latchkey.vaultclient.VaultClient;
import dev.latchkey.vaultclient.VaultRefusedException;
import dev.latchkey.vaultclient.VaultUnavailableException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.HttpHandlerConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The contract between the consumers' client (module vault-client) and the vault's
 * internal API: the real {@link VaultClient} signs and sends, the vault's WebFlux
 * application (authentication filter, controllers, services) answers, in memory.
 */
@WebFluxTest(controllers = { LeaseController.class, AccessLogController.class })
@Import({ LeaseService.class, AccessLog.class, RefusedLeaseRequests.class,
		InternalApiContractTest.Collaborators.class })
class InternalApiContractTest {

	static final KeysetHandle SCANNER_LEASE_KEY = Fixtures.anHpkeKeyset();

	static final KeysetHandle SCANNER_SIGNING_KEY = Fixtures.aSignatureKeyset();

	static final KeysetHandle COLLECTOR_LEASE_KEY = Fixtures.anHpkeKeyset();

	static final KeysetHandle COLLECTOR_SIGNING_KEY = Fixtures.aSignatureKeyset();

	static final FakeKeyHierarchy KEYS = new FakeKeyHierarchy();

	static final Map<String, Credential> CREDENTIALS = new ConcurrentHashMap<>();

	static final InMemoryLeaseAuditLog AUDIT = new InMemoryLeaseAuditLog();

	private final SecretFields apiKey = Fixtures.aDemoKey();

	private final SecretFields tokens = SecretFields.of(Map.of("access_token", "at_" + Fixtures.aCanary()));

	private Credential demo;

	private Credential oauth;

	@Autowired
	private ApplicationContext context;

	@Autowired
	private WebTestClient web;

	@BeforeEach
	void store() {
		AUDIT.clear();
		this.demo = aStoredCredential("t1", "demo", this.apiKey);
		this.oauth = aStoredCredential("t1", "demo-oauth", this.tokens);
	}

	@Test
	void scanner_leasesForScan_andOpensWhatItGot() {
		Lease lease = scanner().lease("t1", this.demo.integrationId(), dev.latchkey.vaultclient.Purpose.SCAN).block();

		assertThat(lease.tenantId()).isEqualTo("t1");
		assertThat(lease.integrationId()).isEqualTo(this.demo.integrationId());
		assertThat(lease.provider()).isEqualTo("demo");
		assertThat(lease.name()).isEqualTo("default");
		assertThat(lease.version()).isEqualTo(2);
		assertThat(lease.publicFields()).isEqualTo(Fixtures.demoPublicFields());
		assertThat(new LeaseOpener(new HpkeOpener(SCANNER_LEASE_KEY), "scanner").open(lease)).isEqualTo(this.apiKey);
		assertThat(auditsOf(this.demo)).singleElement().satisfies((audit) -> {
			assertThat(audit.consumer()).isEqualTo("scanner");
			assertThat(audit.authenticated()).isTrue();
			assertThat(audit.purpose()).isEqualTo("scan");
			assertThat(audit.outcome()).isEqualTo(LeaseAudit.Outcome.GRANTED);
			assertThat(audit.leaseId()).isEqualTo(lease.leaseId());
		});
	}

	@Test
	void collector_leasesOAuthTokensForRefresh() {
		Lease lease = collector().lease("t1", this.oauth.integrationId(), dev.latchkey.vaultclient.Purpose.REFRESH)
			.block();

		assertThat(new LeaseOpener(new HpkeOpener(COLLECTOR_LEASE_KEY), "collector").open(lease))
			.isEqualTo(this.tokens);
	}

	@Test
	void aLeaseWithoutValidProof_isRefused_andAuditedAsRefused() {
		VaultClient intruder = new VaultClient("http://vault", "scanner",
				new RequestSigner(Fixtures.aSignatureKeyset()), Duration.ofSeconds(5), connector(), Clock.systemUTC());

		assertRefused(intruder.lease("t1", this.demo.integrationId(), dev.latchkey.vaultclient.Purpose.SCAN));

		assertThat(auditsOf(this.demo)).singleElement().satisfies((audit) -> {
			assertThat(audit.consumer()).as("the name it claimed").isEqualTo("scanner");
			assertThat(audit.authenticated()).isFalse();
			assertThat(audit.purpose()).isEqualTo("scan");
			assertThat(audit.tenantId()).isEqualTo("t1");
			assertThat(audit.outcome()).isEqualTo(LeaseAudit.Outcome.REFUSED);
			assertThat(audit.reason()).isEqualTo("BAD_SIGNATURE");
		});
	}

	@Test
	void aLeaseSignedTooLongAgo_isRefused() {
		VaultClient late = new VaultClient("http://vault", "scanner", new RequestSigner(SCANNER_SIGNING_KEY),
				Duration.ofSeconds(5), connector(), Clock.fixed(Instant.now().minusSeconds(120), ZoneOffset.UTC));

		assertRefused(late.lease("t1", this.demo.integrationId(), dev.latchkey.vaultclient.Purpose.SCAN));
		assertThat(auditsOf(this.demo)).extracting(LeaseAudit::reason).containsExactly("STALE_TIMESTAMP");
	}

	@Test
	void aPurposeOrProviderOutsideTheScope_isRefused() {
		assertRefused(scanner().lease("t1", this.oauth.integrationId(), dev.latchkey.vaultclient.Purpose.REFRESH));
		assertRefused(collector().lease("t1", this.demo.integrationId(), dev.latchkey.vaultclient.Purpose.REFRESH));
		assertRefused(collector().lease("t1", this.oauth.integrationId(), dev.latchkey.vaultclient.Purpose.SCAN));

		assertThat(AUDIT.all()).extracting(LeaseAudit::consumer, LeaseAudit::purpose, LeaseAudit::reason)
			.containsExactly(tuple("scanner", "refresh", "OUT_OF_SCOPE"), tuple("collector", "refresh", "OUT_OF_SCOPE"),
					tuple("collector", "scan", "OUT_OF_SCOPE"));
	}

	@Test
	void everyRefusal_isAnsweredExactlyLikeAnUnknownIntegration() {
		String unknown = signedLease(SCANNER_SIGNING_KEY, "scanner", "t1", "int_unknown", "scan");
		List<String> answers = List.of(
				signedLease(SCANNER_SIGNING_KEY, "scanner", "t2", this.demo.integrationId(), "scan"),
				signedLease(SCANNER_SIGNING_KEY, "scanner", "t1", this.demo.integrationId(), "refresh"),
				signedLease(COLLECTOR_SIGNING_KEY, "collector", "t1", this.demo.integrationId(), "refresh"),
				signedLease(Fixtures.aSignatureKeyset(), "scanner", "t1", this.demo.integrationId(), "scan"),
				signedLease(SCANNER_SIGNING_KEY, "intruder", "t1", this.demo.integrationId(), "scan"),
				unsignedLease("t1", this.demo.integrationId()));

		assertThat(unknown).startsWith("404 application/problem+json ").contains("\"status\":404");
		assertThat(answers).allSatisfy((answer) -> assertThat(answer).isEqualTo(unknown));
	}

	@Test
	void anIncompleteRequestOfAnAuthenticatedConsumer_isA400() {
		assertThat(signed(SCANNER_SIGNING_KEY, "scanner", "{\"tenantId\":\"t1\"}")).startsWith("400 ");
	}

	@Test
	void noAudit_noLease() {
		AUDIT.failFor(this.demo.integrationId());

		StepVerifier.create(scanner().lease("t1", this.demo.integrationId(), dev.latchkey.vaultclient.Purpose.SCAN))
			.expectError(VaultUnavailableException.class)
			.verify();
	}

	@Test
	void accessLog_showsExactlyTheLeaseAttempts_newestFirst_aPageAtATime() throws InterruptedException {
		scanner().lease("t1", this.oauth.integrationId(), dev.latchkey.vaultclient.Purpose.SCAN).block();
		Thread.sleep(5);
		collector().lease("t1", this.oauth.integrationId(), dev.latchkey.vaultclient.Purpose.REFRESH).block();
		Thread.sleep(5);
		refused(collector().lease("t1", this.oauth.integrationId(), dev.latchkey.vaultclient.Purpose.SCAN));
		Thread.sleep(5);
		VaultClient intruder = new VaultClient("http://vault", "collector",
				new RequestSigner(Fixtures.aSignatureKeyset()), Duration.ofSeconds(5), connector(), Clock.systemUTC());
		refused(intruder.lease("t1", this.oauth.integrationId(), dev.latchkey.vaultclient.Purpose.REFRESH));
		scanner().lease("t1", this.demo.integrationId(), dev.latchkey.vaultclient.Purpose.SCAN).block();

		AccessLogPage first = collector().accessLog("t1", this.oauth.integrationId(), null, 3).block();
		AccessLogPage second = collector().accessLog("t1", this.oauth.integrationId(), first.next(), 3).block();

		assertThat(first.entries())
			.extracting(AccessLogEntry::consumer, AccessLogEntry::authenticated, AccessLogEntry::purpose,
					AccessLogEntry::version, AccessLogEntry::outcome, AccessLogEntry::reason)
			.containsExactly(tuple("collector", false, "refresh", null, "REFUSED", "BAD_SIGNATURE"),
					tuple("collector", true, "scan", null, "REFUSED", "OUT_OF_SCOPE"),
					tuple("collector", true, "refresh", 2L, "GRANTED", null));
		assertThat(first.next()).isNotNull();
		assertThat(second.entries()).extracting(AccessLogEntry::consumer, AccessLogEntry::outcome)
			.containsExactly(tuple("scanner", "GRANTED"));
		assertThat(second.next()).isNull();
		assertThat(first.entries().get(0).at()).isAfter(first.entries().get(2).at());
		assertThat(first.toString() + second).doesNotContain(this.tokens.value("access_token"));
	}

	@Test
	void accessLog_isRefusedToAConsumerWithoutThatPurpose_andForAnotherTenant() {
		assertRefused(scanner().accessLog("t1", this.demo.integrationId(), null, 10));
		assertRefused(collector().accessLog("t2", this.demo.integrationId(), null, 10));
		assertRefused(collector().accessLog("t1", "int_unknown", null, 10));
	}

	@Test
	void accessLog_refusesACursorItDidNotWrite() {
		StepVerifier.create(collector().accessLog("t1", this.demo.integrationId(), "not-a-cursor", 10))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(VaultRefusedException.class,
					(refused) -> assertThat(refused.status()).isEqualTo(400)))
			.verify();
	}

	private VaultClient scanner() {
		return new VaultClient("http://vault", "scanner", new RequestSigner(SCANNER_SIGNING_KEY), Duration.ofSeconds(5),
				connector(), Clock.systemUTC());
	}

	private VaultClient collector() {
		return new VaultClient("http://vault", "collector", new RequestSigner(COLLECTOR_SIGNING_KEY),
				Duration.ofSeconds(5), connector(), Clock.systemUTC());
	}

	private HttpHandlerConnector connector() {
		return new HttpHandlerConnector(WebHttpHandlerBuilder.applicationContext(this.context).build());
	}

	private static void assertRefused(Mono<?> call) {
		StepVerifier.create(call)
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(VaultRefusedException.class,
					(refused) -> assertThat(refused.status()).isEqualTo(404)))
			.verify();
	}

	private static void refused(Mono<?> call) {
		StepVerifier.create(call).expectError(VaultRefusedException.class).verify();
	}

	private List<LeaseAudit> auditsOf(Credential credential) {
		return AUDIT.all()
			.stream()
			.filter((audit) -> credential.integrationId().equals(audit.integrationId()))
			.toList();
	}

	/** Status and body of a lease request signed by hand, as bytes on the wire. */
	private String signedLease(KeysetHandle key, String consumer, String tenantId, String integrationId,
			String purpose) {
		return signed(key, consumer, "{\"tenantId\":\"" + tenantId + "\",\"integrationId\":\"" + integrationId
				+ "\",\"purpose\":\"" + purpose + "\"}");
	}

	private String signed(KeysetHandle key, String consumer, String body) {
		long now = Instant.now().getEpochSecond();
		String signature = new RequestSigner(key)
			.sign(new SignedRequest(consumer, "POST", LeaseRequest.PATH, now, body.getBytes(StandardCharsets.UTF_8)));
		return answer(this.web.post()
			.uri(LeaseRequest.PATH)
			.contentType(MediaType.APPLICATION_JSON)
			.header(SignedRequest.CONSUMER_HEADER, consumer)
			.header(SignedRequest.TIMESTAMP_HEADER, Long.toString(now))
			.header(SignedRequest.SIGNATURE_HEADER, signature)
			.bodyValue(body.getBytes(StandardCharsets.UTF_8)));
	}

	private String unsignedLease(String tenantId, String integrationId) {
		return answer(this.web.post()
			.uri(LeaseRequest.PATH)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"tenantId\":\"" + tenantId + "\",\"integrationId\":\"" + integrationId
					+ "\",\"purpose\":\"scan\"}"));
	}

	private static String answer(WebTestClient.RequestHeadersSpec<?> request) {
		var result = request.exchange().expectBody(byte[].class).returnResult();
		return result.getStatus().value() + " " + result.getResponseHeaders().getContentType() + " "
				+ new String(result.getResponseBody(), StandardCharsets.UTF_8);
	}

	private static Credential aStoredCredential(String tenantId, String provider, SecretFields secret) {
		String integrationId = Fixtures.anIntegrationId();
		Envelope envelope = KEYS
			.encrypt(new StoredVersion(tenantId, integrationId, 2, provider, "default", Fixtures.demoPublicFields()),
					secret)
			.block();
		Credential stored = new Credential(integrationId, tenantId, provider, "default", 2, Fixtures.demoPublicFields(),
				envelope, CredentialState.ACTIVE, "VERIFIED", Fixtures.NOW, Fixtures.NOW, Fixtures.NOW,
				List.of(Fixtures.anEventId()));
		CREDENTIALS.put(integrationId, stored);
		return stored;
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Collaborators {

		@Bean
		RegisteredConsumers registeredConsumers() {
			List<RegisteredConsumer> consumers = new ArrayList<>();
			consumers.add(new RegisteredConsumer("scanner", Set.of(Purpose.SCAN), null,
					new HpkeSealer(Keysets.publicOf(SCANNER_LEASE_KEY)),
					new RequestVerifier(Keysets.publicOf(SCANNER_SIGNING_KEY))));
			consumers.add(new RegisteredConsumer("collector", Set.of(Purpose.REFRESH, Purpose.ACCESS_LOG),
					Set.of("demo-oauth"), new HpkeSealer(Keysets.publicOf(COLLECTOR_LEASE_KEY)),
					new RequestVerifier(Keysets.publicOf(COLLECTOR_SIGNING_KEY))));
			return new RegisteredConsumers(consumers, Duration.ofSeconds(60));
		}

		@Bean
		CurrentCredentials currentCredentials() {
			return (id) -> Mono.justOrEmpty(CREDENTIALS.get(id));
		}

		@Bean
		KeyHierarchy keyHierarchy() {
			return KEYS;
		}

		@Bean
		IntegrityFailures integrityFailures() {
			return (credential) -> Mono.empty();
		}

		@Bean
		LeaseAuditLog leaseAuditLog() {
			return AUDIT;
		}

	}

}
