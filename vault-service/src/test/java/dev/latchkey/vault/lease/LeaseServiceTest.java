package dev.latchkey.vault.lease;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.HpkeOpener;
import dev.latchkey.crypto.HpkeSealer;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.vault.FakeKeyHierarchy;
import dev.latchkey.vault.Fixtures;
import dev.latchkey.vault.credential.Credential;
import dev.latchkey.vault.credential.CredentialState;
import dev.latchkey.vault.crypto.Envelope;
import dev.latchkey.vault.crypto.StoredVersion;
import dev.latchkey.vault.lease.LeaseRefusedException.Reason;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseServiceTest {

	private final KeysetHandle scannerKeyset = Fixtures.anHpkeKeyset();

	private final FakeKeyHierarchy keys = new FakeKeyHierarchy();

	private final Map<String, Credential> credentials = new ConcurrentHashMap<>();

	private final List<LeaseAudit> audits = new CopyOnWriteArrayList<>();

	private LeaseAuditLog auditLog = (audit) -> Mono.fromRunnable(() -> this.audits.add(audit));

	private final SecretFields secret = Fixtures.aDemoKey();

	private final Credential credential = aStoredCredential("t1", this.secret, 3);

	@Test
	void lease_sealsTheCurrentSecretToTheConsumerAndAuditsIt() {
		Lease lease = service().lease(new LeaseRequest("scanner", "t1", this.credential.integrationId())).block();

		SecretFields opened = new HpkeOpener(this.scannerKeyset).open(lease.sealedSecret(),
				AssociatedData.forLease("scanner", "t1", this.credential.integrationId(), 3, lease.leaseId()));
		assertThat(opened).isEqualTo(this.secret);
		assertThat(lease.version()).isEqualTo(3);
		assertThat(lease.provider()).isEqualTo("demo");
		assertThat(lease.publicFields()).isEqualTo(Fixtures.demoPublicFields());
		assertThat(this.audits).singleElement().satisfies((audit) -> {
			assertThat(audit.leaseId()).isEqualTo(lease.leaseId());
			assertThat(audit.consumer()).isEqualTo("scanner");
			assertThat(audit.version()).isEqualTo(3);
			assertThat(audit.leasedAt()).isEqualTo(Fixtures.NOW);
		});
	}

	@Test
	void lease_isBoundToItsConsumer() {
		Lease lease = service().lease(new LeaseRequest("scanner", "t1", this.credential.integrationId())).block();

		StepVerifier
			.create(Mono.fromCallable(() -> new HpkeOpener(this.scannerKeyset).open(lease.sealedSecret(),
					AssociatedData.forLease("other", "t1", this.credential.integrationId(), 3, lease.leaseId()))))
			.expectError(dev.latchkey.crypto.SealingException.class)
			.verify();
	}

	@Test
	void lease_refusesAnUnknownConsumer() {
		StepVerifier.create(service().lease(new LeaseRequest("intruder", "t1", this.credential.integrationId())))
			.expectErrorSatisfies(
					(ex) -> assertThat(((LeaseRefusedException) ex).reason()).isEqualTo(Reason.UNKNOWN_CONSUMER))
			.verify();
		assertThat(this.audits).isEmpty();
	}

	@Test
	void lease_refusesAnIntegrationOfAnotherTenant() {
		StepVerifier.create(service().lease(new LeaseRequest("scanner", "t2", this.credential.integrationId())))
			.expectErrorSatisfies((ex) -> assertThat(((LeaseRefusedException) ex).reason()).isEqualTo(Reason.NOT_FOUND))
			.verify();
		assertThat(this.audits).isEmpty();
	}

	@Test
	void lease_refusesAnUnknownIntegration() {
		StepVerifier.create(service().lease(new LeaseRequest("scanner", "t1", "int_unknown")))
			.expectErrorSatisfies((ex) -> assertThat(((LeaseRefusedException) ex).reason()).isEqualTo(Reason.NOT_FOUND))
			.verify();
	}

	@Test
	void lease_isWithheldWhenTheAuditCannotBeWritten() {
		this.auditLog = (audit) -> Mono.error(new IllegalStateException("mongo down"));

		StepVerifier.create(service().lease(new LeaseRequest("scanner", "t1", this.credential.integrationId())))
			.expectErrorSatisfies(
					(ex) -> assertThat(((LeaseRefusedException) ex).reason()).isEqualTo(Reason.AUDIT_UNAVAILABLE))
			.verify();
	}

	private LeaseService service() {
		RegisteredConsumers consumers = new RegisteredConsumers(
				Map.of("scanner", new HpkeSealer(Keysets.publicOf(this.scannerKeyset))));
		return new LeaseService(consumers, (id) -> Mono.justOrEmpty(this.credentials.get(id)), this.keys, this.auditLog,
				Fixtures.aFixedClock());
	}

	private Credential aStoredCredential(String tenantId, SecretFields secret, long version) {
		String integrationId = Fixtures.anIntegrationId();
		Envelope envelope = this.keys.encrypt(new StoredVersion(tenantId, integrationId, version), secret).block();
		Credential stored = new Credential(integrationId, tenantId, "demo", "default", version,
				Fixtures.demoPublicFields(), envelope, CredentialState.ACTIVE, "VERIFIED", Fixtures.NOW, Fixtures.NOW,
				Fixtures.NOW, List.of(Fixtures.anEventId()));
		this.credentials.put(integrationId, stored);
		return stored;
	}

}
