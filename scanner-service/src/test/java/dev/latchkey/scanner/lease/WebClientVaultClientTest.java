package dev.latchkey.scanner.lease;

import java.time.Duration;
import java.util.Map;

import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.crypto.HpkeOpener;
import dev.latchkey.scanner.Fixtures;
import dev.latchkey.scanner.probe.TestPlatform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class WebClientVaultClientTest {

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final KeysetHandle leaseKeyset = Fixtures.aLeaseKeyset();

	private final FakeVault vault = FakeVault.forConsumer("scanner", this.leaseKeyset);

	private final FakeVaultServer server = FakeVaultServer.start(this.vault);

	private final String tenantId = Fixtures.aTenantId();

	private final String integrationId = Fixtures.anIntegrationId();

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void lease_returnsTheCurrentVersionSealedForThisConsumer() {
		String key = Fixtures.aDemoKey();
		this.vault.store(this.tenantId, this.integrationId, "demo", 3, Map.of("region", "eu"),
				Fixtures.demoSecret(key));

		Lease lease = client("scanner").lease(this.tenantId, this.integrationId).block();

		assertThat(lease.version()).isEqualTo(3);
		assertThat(lease.provider()).isEqualTo("demo");
		assertThat(lease.publicFields()).containsEntry("region", "eu");
		assertThat(lease.toString()).doesNotContain(key);
		assertThat(new LeaseOpener(new HpkeOpener(this.leaseKeyset), "scanner").open(lease).value("api_key"))
			.isEqualTo(key);
	}

	@Test
	void lease_unknownIntegration_isRefused() {
		StepVerifier.create(client("scanner").lease(this.tenantId, this.integrationId))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(LeaseRefusedException.class,
					(refused) -> assertThat(refused.status()).isEqualTo(404)))
			.verify();
	}

	@Test
	void lease_integrationOfAnotherTenant_isRefused() {
		this.vault.store("other-tenant", this.integrationId, "demo", 1, Map.of(),
				Fixtures.demoSecret(Fixtures.aDemoKey()));

		StepVerifier.create(client("scanner").lease(this.tenantId, this.integrationId))
			.expectError(LeaseRefusedException.class)
			.verify();
	}

	@Test
	void lease_unknownConsumer_isRefused() {
		this.vault.store(this.tenantId, this.integrationId, "demo", 1, Map.of(),
				Fixtures.demoSecret(Fixtures.aDemoKey()));

		StepVerifier.create(client("intruder").lease(this.tenantId, this.integrationId))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(LeaseRefusedException.class,
					(refused) -> assertThat(refused.status()).isEqualTo(403)))
			.verify();
	}

	@Test
	void lease_vaultFailing_isUnavailable() {
		this.vault.breakFor(this.integrationId);

		StepVerifier.create(client("scanner").lease(this.tenantId, this.integrationId))
			.expectError(VaultUnavailableException.class)
			.verify();
	}

	@Test
	void lease_vaultDown_isUnavailable() {
		WebClientVaultClient client = new WebClientVaultClient(TestPlatform.down(), "scanner", TIMEOUT);

		StepVerifier.create(client.lease(this.tenantId, this.integrationId))
			.expectError(VaultUnavailableException.class)
			.verify();
	}

	@Test
	void lease_answerThatIsNotALease_isUnavailable() {
		try (TestPlatform notAVault = TestPlatform.answering(200, "{\"hello\":1}".getBytes(), Duration.ZERO)) {
			WebClientVaultClient client = new WebClientVaultClient(notAVault.baseUrl(), "scanner", TIMEOUT);

			StepVerifier.create(client.lease(this.tenantId, this.integrationId))
				.expectError(VaultUnavailableException.class)
				.verify();
		}
	}

	private WebClientVaultClient client(String consumer) {
		return new WebClientVaultClient(this.server.url(), consumer, TIMEOUT);
	}

}
