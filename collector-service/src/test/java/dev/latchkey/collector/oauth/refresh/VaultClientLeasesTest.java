package dev.latchkey.collector.oauth.refresh;

import dev.latchkey.collector.oauth.TokenRequestFailedException;
import java.util.Map;

import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.HpkeOpener;
import dev.latchkey.crypto.HpkeSealer;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.vaultclient.Lease;
import dev.latchkey.vaultclient.LeaseOpener;
import dev.latchkey.vaultclient.Purpose;
import dev.latchkey.vaultclient.VaultRefusedException;
import dev.latchkey.vaultclient.VaultUnavailableException;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class VaultClientLeasesTest {

	private final KeysetHandle leaseKey = Keysets.generate(Keysets.HPKE_TEMPLATE);

	private final LeaseOpener opener = new LeaseOpener(new HpkeOpener(this.leaseKey), "collector");

	@Test
	void lease_isForRefresh_andOpensIntoTheTokens() {
		VaultClientLeases leases = new VaultClientLeases((tenant, integration, purpose) -> {
			assertThat(purpose).isEqualTo(Purpose.REFRESH);
			return Mono.just(aLease(tenant, integration));
		}, this.opener);

		LeasedTokens tokens = leases.lease("t1", "int_1").block();

		assertThat(tokens.version()).isEqualTo(4);
		assertThat(tokens.accessToken()).isEqualTo("at");
		assertThat(tokens.refreshToken()).isEqualTo("rt");
		assertThat(tokens.publicFields()).containsEntry("team_id", "T1");
	}

	@Test
	void aRefusal_leavesNothingToRefresh() {
		VaultClientLeases leases = new VaultClientLeases(
				(tenant, integration, purpose) -> Mono.error(new VaultRefusedException(404)), this.opener);

		StepVerifier.create(leases.lease("t1", "int_1")).verifyComplete();
	}

	@Test
	void anUnavailableVault_isRetriedLater() {
		VaultClientLeases leases = new VaultClientLeases(
				(tenant, integration, purpose) -> Mono.error(new VaultUnavailableException("down")), this.opener);

		StepVerifier.create(leases.lease("t1", "int_1"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(TokenRequestFailedException.class,
					(failed) -> assertThat(failed.retryable()).isTrue()))
			.verify();
	}

	private Lease aLease(String tenantId, String integrationId) {
		byte[] sealed = new HpkeSealer(Keysets.publicOf(this.leaseKey)).seal(
				SecretFields.of(Map.of("access_token", "at", "refresh_token", "rt")),
				AssociatedData.forLease("collector", tenantId, integrationId, 4, "lease-1"));
		return new Lease("lease-1", tenantId, integrationId, "slack-oauth", "default", 4, Map.of("team_id", "T1"),
				sealed);
	}

}
