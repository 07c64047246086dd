package dev.latchkey.vault.lease;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.HpkeOpener;
import dev.latchkey.crypto.HpkeSealer;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.SealingException;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.vault.FakeKeyHierarchy;
import dev.latchkey.vault.Fixtures;
import dev.latchkey.vault.consumer.Purpose;
import dev.latchkey.vault.consumer.RegisteredConsumer;
import dev.latchkey.vault.credential.Credential;
import dev.latchkey.vault.credential.CredentialState;
import dev.latchkey.vault.crypto.Envelope;
import dev.latchkey.vault.crypto.StoredVersion;
import dev.latchkey.vault.lease.LeaseAudit.Outcome;
import dev.latchkey.vault.lease.LeaseRefusedException.Reason;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseServiceTest {

	private final KeysetHandle scannerKeyset = Fixtures.anHpkeKeyset();

	private final KeysetHandle collectorKeyset = Fixtures.anHpkeKeyset();

	private final RegisteredConsumer scanner = new RegisteredConsumer("scanner", Set.of(Purpose.SCAN), null,
			new HpkeSealer(Keysets.publicOf(this.scannerKeyset)), null);

	/** Refresh of OAuth providers only, as the defaults register the collector. */
	private final RegisteredConsumer collector = new RegisteredConsumer("collector",
			Set.of(Purpose.REFRESH, Purpose.ACCESS_LOG), Set.of("demo-oauth", "github-oauth"),
			new HpkeSealer(Keysets.publicOf(this.collectorKeyset)), null);

	private final FakeKeyHierarchy keys = new FakeKeyHierarchy();

	private final Map<String, Credential> credentials = new ConcurrentHashMap<>();

	private final InMemoryLeaseAuditLog audit = new InMemoryLeaseAuditLog();

	private final SecretFields secret = Fixtures.aDemoKey();

	private final Credential credential = aStoredCredential("t1", "demo", this.secret, 3);

	private final List<Credential> integrityFailures = new java.util.concurrent.CopyOnWriteArrayList<>();

	private final LeaseService service = new LeaseService((id) -> Mono.justOrEmpty(this.credentials.get(id)), this.keys,
			this.audit, Fixtures.aFixedClock(),
			(credential) -> Mono.fromRunnable(() -> this.integrityFailures.add(credential)));

	@Test
	void lease_ofATamperedCredential_isRefusedAsAnIntegrityFailure_recordedAndAudited() {
		Credential stored = this.credential;
		Credential tampered = new Credential(stored.integrationId(), stored.tenantId(), stored.provider(),
				stored.name(), stored.version(), Map.of("account", "edited"), stored.envelope(), stored.state(),
				stored.reason(), stored.createdAt(), stored.updatedAt(), stored.lastVerifiedAt(),
				stored.recentEventIds());
		this.credentials.put(stored.integrationId(), tampered);

		StepVerifier.create(this.service.lease(this.scanner, aRequest("t1", tampered, "scan")))
			.expectErrorSatisfies(
					(ex) -> assertThat(((LeaseRefusedException) ex).reason()).isEqualTo(Reason.INTEGRITY_FAILURE))
			.verify();
		assertThat(this.integrityFailures).containsExactly(tampered);
		assertThat(this.audit.all()).singleElement()
			.satisfies((audit) -> assertThat(audit.reason()).isEqualTo("INTEGRITY_FAILURE"));
	}

	@Test
	void lease_sealsTheCurrentSecretToTheConsumerAndAuditsItGranted() {
		Lease lease = this.service.lease(this.scanner, aRequest("t1", this.credential, "scan")).block();

		SecretFields opened = new HpkeOpener(this.scannerKeyset).open(lease.sealedSecret(),
				AssociatedData.forLease("scanner", "t1", this.credential.integrationId(), 3, lease.leaseId()));
		assertThat(opened).isEqualTo(this.secret);
		assertThat(lease.version()).isEqualTo(3);
		assertThat(lease.provider()).isEqualTo("demo");
		assertThat(lease.publicFields()).isEqualTo(Fixtures.demoPublicFields());
		assertThat(this.audit.all()).singleElement().satisfies((audit) -> {
			assertThat(audit.id()).isEqualTo(lease.leaseId());
			assertThat(audit.leaseId()).isEqualTo(lease.leaseId());
			assertThat(audit.consumer()).isEqualTo("scanner");
			assertThat(audit.authenticated()).isTrue();
			assertThat(audit.purpose()).isEqualTo("scan");
			assertThat(audit.tenantId()).isEqualTo("t1");
			assertThat(audit.version()).isEqualTo(3);
			assertThat(audit.outcome()).isEqualTo(Outcome.GRANTED);
			assertThat(audit.reason()).isNull();
			assertThat(audit.at()).isEqualTo(Fixtures.NOW);
		});
	}

	@Test
	void lease_isBoundToItsConsumer() {
		Lease lease = this.service.lease(this.scanner, aRequest("t1", this.credential, "scan")).block();

		StepVerifier
			.create(Mono.fromCallable(() -> new HpkeOpener(this.scannerKeyset).open(lease.sealedSecret(),
					AssociatedData.forLease("other", "t1", this.credential.integrationId(), 3, lease.leaseId()))))
			.expectError(SealingException.class)
			.verify();
	}

	@Test
	void lease_forAPurposeOutsideTheConsumersScope_isRefusedAndAudited() {
		assertRefused(this.scanner, aRequest("t1", this.credential, "refresh"), Reason.OUT_OF_SCOPE);
		assertRefused(this.scanner, aRequest("t1", this.credential, "access-log"), Reason.OUT_OF_SCOPE);
		assertRefused(this.scanner, aRequest("t1", this.credential, "exfiltrate"), Reason.OUT_OF_SCOPE);

		assertThat(this.audit.all()).extracting(LeaseAudit::purpose)
			.containsExactly("refresh", "access-log", "(unknown)");
		assertThat(this.audit.all()).allSatisfy((audit) -> {
			assertThat(audit.consumer()).isEqualTo("scanner");
			assertThat(audit.authenticated()).isTrue();
			assertThat(audit.outcome()).isEqualTo(Outcome.REFUSED);
			assertThat(audit.reason()).isEqualTo("OUT_OF_SCOPE");
			assertThat(audit.leaseId()).isNull();
		});
	}

	@Test
	void collector_leasesOAuthTokensForRefresh_butNoApiKey() {
		Credential oauth = aStoredCredential("t1", "demo-oauth",
				SecretFields.of(Map.of("access_token", "at", "refresh_token", "rt")), 2);

		Lease lease = this.service.lease(this.collector, aRequest("t1", oauth, "refresh")).block();
		assertThat(lease.provider()).isEqualTo("demo-oauth");

		assertRefused(this.collector, aRequest("t1", this.credential, "refresh"), Reason.OUT_OF_SCOPE);
		assertThat(this.audit.all()).extracting(LeaseAudit::outcome, LeaseAudit::integrationId, LeaseAudit::version)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(Outcome.GRANTED, oauth.integrationId(), 2L),
					org.assertj.core.groups.Tuple.tuple(Outcome.REFUSED, this.credential.integrationId(), 3L));
	}

	@Test
	void lease_ofAnotherTenantsIntegration_isRefusedAsNotFound_andAudited() {
		assertRefused(this.scanner, aRequest("t2", this.credential, "scan"), Reason.NOT_FOUND);

		assertThat(this.audit.all()).singleElement().satisfies((audit) -> {
			assertThat(audit.tenantId()).as("as asked").isEqualTo("t2");
			assertThat(audit.version()).isNull();
			assertThat(audit.reason()).isEqualTo("NOT_FOUND");
		});
	}

	@Test
	void lease_ofAnUnknownIntegration_isRefusedAsNotFound() {
		assertRefused(this.scanner, new LeaseRequest("t1", "int_unknown", "scan"), Reason.NOT_FOUND);
	}

	@Test
	void lease_isWithheldWhenTheAuditCannotBeWritten() {
		this.audit.failFor(this.credential.integrationId());

		assertRefused(this.scanner, aRequest("t1", this.credential, "scan"), Reason.AUDIT_UNAVAILABLE);
	}

	@Test
	void refusal_standsWhenItsAuditCannotBeWritten() {
		this.audit.failFor("int_unknown");

		assertRefused(this.scanner, new LeaseRequest("t1", "int_unknown", "scan"), Reason.NOT_FOUND);
	}

	private void assertRefused(RegisteredConsumer consumer, LeaseRequest request, Reason reason) {
		StepVerifier.create(this.service.lease(consumer, request))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOfSatisfying(LeaseRefusedException.class,
					(refused) -> assertThat(refused.reason()).isEqualTo(reason)))
			.verify();
	}

	private static LeaseRequest aRequest(String tenantId, Credential credential, String purpose) {
		return new LeaseRequest(tenantId, credential.integrationId(), purpose);
	}

	private Credential aStoredCredential(String tenantId, String provider, SecretFields secret, long version) {
		String integrationId = Fixtures.anIntegrationId();
		Envelope envelope = this.keys
			.encrypt(new StoredVersion(tenantId, integrationId, version, provider, "default",
					Fixtures.demoPublicFields()), secret)
			.block();
		Credential stored = new Credential(integrationId, tenantId, provider, "default", version,
				Fixtures.demoPublicFields(), envelope, CredentialState.ACTIVE, "VERIFIED", Fixtures.NOW, Fixtures.NOW,
				Fixtures.NOW, List.of(Fixtures.anEventId()));
		this.credentials.put(integrationId, stored);
		return stored;
	}

}
