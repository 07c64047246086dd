package dev.latchkey.vaultclient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.HpkeOpener;
import dev.latchkey.crypto.HpkeSealer;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.RequestSigner;
import dev.latchkey.crypto.RequestVerifier;
import dev.latchkey.crypto.SecretFields;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;

import static org.assertj.core.api.Assertions.assertThat;

class VaultClientTest {

	private static final Instant NOW = Instant.parse("2026-11-24T10:15:30Z");

	/**
	 * Generous: the first exchange of a JVM warms Netty up, which a loaded machine makes
	 * slow.
	 */
	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final KeysetHandle signingKey = Keysets.generate(Keysets.SIGNATURE_TEMPLATE);

	private final KeysetHandle leaseKey = Keysets.generate(Keysets.HPKE_TEMPLATE);

	private final FakeVault vault = FakeVault.start(new RequestVerifier(Keysets.publicOf(this.signingKey)));

	private final VaultClient client = new VaultClient(this.vault.url(), "scanner", new RequestSigner(this.signingKey),
			TIMEOUT, new ReactorClientHttpConnector(), Clock.fixed(NOW, ZoneOffset.UTC));

	@AfterEach
	void stop() {
		this.vault.close();
	}

	@Test
	void lease_isASignedPostNamingTenantIntegrationAndPurpose() {
		SecretFields secret = SecretFields.of(Map.of("api_key", "demo_live_canary"));
		this.vault.answers(200, aLeaseAnswer("t1", "int_1", 3, secret));

		Lease lease = this.client.lease("t1", "int_1", Purpose.SCAN).block();

		FakeVault.Received request = this.vault.received().get(0);
		assertThat(request.verified()).as("signature verifies with the registered public key").isTrue();
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/internal/leases");
		assertThat(request.consumer()).isEqualTo("scanner");
		assertThat(request.timestamp()).isEqualTo(Long.toString(NOW.getEpochSecond()));
		assertThat(request.contentType()).startsWith("application/json");
		assertThat(request.body()).isEqualTo("{\"tenantId\":\"t1\",\"integrationId\":\"int_1\",\"purpose\":\"scan\"}");
		assertThat(lease.version()).isEqualTo(3);
		assertThat(lease.provider()).isEqualTo("demo");
		assertThat(lease.publicFields()).containsEntry("region", "eu");
		assertThat(lease.toString()).doesNotContain("demo_live_canary");
		assertThat(new LeaseOpener(new HpkeOpener(this.leaseKey), "scanner").open(lease)).isEqualTo(secret);
	}

	@Test
	void lease_openedAsAnotherConsumer_doesNotOpen() {
		this.vault.answers(200, aLeaseAnswer("t1", "int_1", 3, SecretFields.of(Map.of("api_key", "k"))));
		Lease lease = this.client.lease("t1", "int_1", Purpose.SCAN).block();

		StepVerifier
			.create(reactor.core.publisher.Mono
				.fromCallable(() -> new LeaseOpener(new HpkeOpener(this.leaseKey), "collector").open(lease)))
			.expectError(dev.latchkey.crypto.SealingException.class)
			.verify();
	}

	@Test
	void refusals_areRefused() {
		for (int status : new int[] { 400, 403, 404 }) {
			this.vault.answers(status, "{\"status\":" + status + "}");

			StepVerifier.create(this.client.lease("t1", "int_1", Purpose.REFRESH))
				.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(VaultRefusedException.class,
						(refused) -> assertThat(refused.status()).isEqualTo(status)))
				.verify();
		}
	}

	@Test
	void serverErrors_andUnreadableAnswers_areUnavailable() {
		this.vault.answers(503, "{\"status\":503}");
		StepVerifier.create(this.client.lease("t1", "int_1", Purpose.SCAN))
			.expectError(VaultUnavailableException.class)
			.verify();

		this.vault.answers(200, "{\"hello\":1}");
		StepVerifier.create(this.client.lease("t1", "int_1", Purpose.SCAN))
			.expectError(VaultUnavailableException.class)
			.verify();

		this.vault.answers(200, "not json at all");
		StepVerifier.create(this.client.accessLog("t1", "int_1", null, 10))
			.expectError(VaultUnavailableException.class)
			.verify();
	}

	@Test
	void aVaultThatIsDown_isUnavailable() {
		String url = this.vault.url();
		this.vault.close();
		VaultClient client = new VaultClient(url, "scanner", new RequestSigner(this.signingKey), TIMEOUT);

		StepVerifier.create(client.lease("t1", "int_1", Purpose.SCAN))
			.expectError(VaultUnavailableException.class)
			.verify();
	}

	@Test
	void accessLog_isASignedGetWithItsQueryEncoded_andReadsThePage() {
		this.vault.answers(200, """
				{"entries":[
				  {"at":"2026-11-24T10:15:29.123Z","consumer":"scanner","authenticated":true,"purpose":"scan",
				   "version":2,"outcome":"GRANTED","reason":null},
				  {"at":"2026-11-24T10:15:28Z","consumer":"intruder","authenticated":false,"purpose":null,
				   "version":null,"outcome":"REFUSED","reason":"UNKNOWN_CONSUMER","extra":"ignored"}],
				 "next":"MTc2NDAwMDAwMDAwMDphYmM"}
				""");

		AccessLogPage page = this.client.accessLog("acme & co/ü+", "int_1", "MTc2:abc=", 2).block();

		FakeVault.Received request = this.vault.received().get(0);
		assertThat(request.verified()).isTrue();
		assertThat(request.method()).isEqualTo("GET");
		assertThat(request.path()).isEqualTo("/internal/integrations/int_1/access-log");
		assertThat(request.query()).containsEntry("tenant", "acme & co/ü+")
			.containsEntry("limit", "2")
			.containsEntry("cursor", "MTc2:abc=");
		assertThat(request.body()).isEmpty();
		assertThat(page.next()).isEqualTo("MTc2NDAwMDAwMDAwMDphYmM");
		assertThat(page.entries()).containsExactly(
				new AccessLogEntry(Instant.parse("2026-11-24T10:15:29.123Z"), "scanner", true, "scan", 2L, "GRANTED",
						null),
				new AccessLogEntry(Instant.parse("2026-11-24T10:15:28Z"), "intruder", false, null, null, "REFUSED",
						"UNKNOWN_CONSUMER"));
	}

	@Test
	void accessLog_refusesALimitOutOfRangeWithoutAsking() {
		StepVerifier.create(this.client.accessLog("t1", "int_1", null, 0))
			.expectError(IllegalArgumentException.class)
			.verify();
		StepVerifier.create(this.client.accessLog("t1", "int_1", null, AccessLogPage.MAX_LIMIT + 1))
			.expectError(IllegalArgumentException.class)
			.verify();
		assertThat(this.vault.received()).isEmpty();
	}

	@Test
	void schedule_isASignedPutOfThePeriod_andNullResetsIt() {
		this.vault.answers(200, "{\"integrationId\":\"int_1\",\"everySeconds\":21600}");
		this.client.schedule("acme & co", "int_1", 21600L).block();
		this.vault.answers(200, "{\"integrationId\":\"int_1\",\"everySeconds\":null}");
		this.client.schedule("acme & co", "int_1", null).block();

		FakeVault.Received set = this.vault.received().get(0);
		assertThat(set.verified()).isTrue();
		assertThat(set.method()).isEqualTo("PUT");
		assertThat(set.path()).isEqualTo("/internal/integrations/int_1/schedule");
		assertThat(set.query()).containsEntry("tenant", "acme & co");
		assertThat(set.body()).isEqualTo("{\"everySeconds\":21600}");
		assertThat(this.vault.received().get(1).body()).isEqualTo("{\"everySeconds\":null}");
	}

	@Test
	void schedule_ofAnIntegrationTheVaultRefuses_isRefused() {
		this.vault.answers(404, "{}");

		StepVerifier.create(this.client.schedule("t1", "int_1", 3600L))
			.expectError(VaultRefusedException.class)
			.verify();
	}

	@Test
	void assessments_isASignedGetWithItsQueryEncoded_andReadsThePage() {
		this.vault.answers(200, """
				{"entries":[
				  {"at":"2026-11-24T10:15:29.123Z","version":2,"trigger":"SCHEDULED","outcome":"VALID",
				   "reason":"VERIFIED","httpStatus":200,"latencyMillis":41,"consecutiveFailures":0,
				   "findings":[{"code":"ACCOUNT","severity":"INFO","message":"Connected to acme.",
				                "attributes":{"account":"acme"}}]},
				  {"at":"2026-11-24T10:00:00Z","version":1,"trigger":null,"outcome":"ERROR","reason":"TIMEOUT",
				   "httpStatus":null,"latencyMillis":10000,"findings":[],"consecutiveFailures":3,"extra":1}],
				 "next":"MTc2NDAwMDAwMDAwMDphYmM"}
				""");

		AssessmentPage page = this.client.assessments("acme & co/ü+", "int_1", "MTc2:abc=", 2).block();

		FakeVault.Received request = this.vault.received().get(0);
		assertThat(request.verified()).isTrue();
		assertThat(request.method()).isEqualTo("GET");
		assertThat(request.path()).isEqualTo("/internal/integrations/int_1/assessments");
		assertThat(request.query()).containsEntry("tenant", "acme & co/ü+")
			.containsEntry("limit", "2")
			.containsEntry("cursor", "MTc2:abc=");
		assertThat(page.next()).isEqualTo("MTc2NDAwMDAwMDAwMDphYmM");
		assertThat(page.entries()).containsExactly(
				new AssessmentPage.Assessment(Instant.parse("2026-11-24T10:15:29.123Z"), 2, "SCHEDULED", "VALID",
						"VERIFIED", 200, 41,
						java.util.List.of(new AssessmentPage.Finding("ACCOUNT", "INFO", "Connected to acme.",
								Map.of("account", "acme"))),
						0),
				new AssessmentPage.Assessment(Instant.parse("2026-11-24T10:00:00Z"), 1, null, "ERROR", "TIMEOUT", null,
						10000, java.util.List.of(), 3));
	}

	@Test
	void assessments_refusesALimitOutOfRangeWithoutAsking_andAnAnswerWithoutEntriesIsUnavailable() {
		StepVerifier.create(this.client.assessments("t1", "int_1", null, 0))
			.expectError(IllegalArgumentException.class)
			.verify();
		assertThat(this.vault.received()).isEmpty();
		this.vault.answers(200, "{\"next\":null}");
		StepVerifier.create(this.client.assessments("t1", "int_1", null, 5))
			.expectError(VaultUnavailableException.class)
			.verify();
	}

	private String aLeaseAnswer(String tenantId, String integrationId, long version, SecretFields secret) {
		String leaseId = "lease-1";
		byte[] sealed = new HpkeSealer(Keysets.publicOf(this.leaseKey)).seal(secret,
				AssociatedData.forLease("scanner", tenantId, integrationId, version, leaseId));
		return "{\"leaseId\":\"" + leaseId + "\",\"tenantId\":\"" + tenantId + "\",\"integrationId\":\"" + integrationId
				+ "\",\"provider\":\"demo\",\"name\":\"default\",\"version\":" + version
				+ ",\"publicFields\":{\"region\":\"eu\"},\"sealedSecret\":\""
				+ Base64.getEncoder().encodeToString(sealed) + "\",\"unknownLater\":true}";
	}

}
