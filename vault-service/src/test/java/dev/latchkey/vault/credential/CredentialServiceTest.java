package dev.latchkey.vault.credential;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.HpkeOpener;
import dev.latchkey.crypto.HpkeSealer;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.SealingException;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.vault.FakeKeyHierarchy;
import dev.latchkey.vault.Fixtures;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CredentialServiceTest {

	private static final String TENANT = "t1";

	private final KeysetHandle submissionKeyset = Fixtures.anHpkeKeyset();

	private final InMemoryCredentialRepository repository = new InMemoryCredentialRepository();

	private final RecordingStatusPublisher status = new RecordingStatusPublisher();

	private final FakeKeyHierarchy keys = new FakeKeyHierarchy();

	private final Deletions deletions = new Deletions(this.repository, this.status, Fixtures.aFixedClock());

	private final CredentialService service = new CredentialService(this.repository,
			new HpkeOpener(this.submissionKeyset), this.keys, this.status, this.deletions, Fixtures.aFixedClock());

	private final String integrationId = Fixtures.anIntegrationId();

	@Test
	void store_recordsTheFirstVersionAsPendingVerification() {
		SecretFields secret = Fixtures.aDemoKey();
		Submission submission = aSubmission(secret);

		Credential stored = this.service.store(submission).block();

		assertThat(stored.version()).isEqualTo(1);
		assertThat(stored.state()).isEqualTo(CredentialState.PENDING_VERIFICATION);
		assertThat(stored.reason()).isEqualTo("RECEIVED");
		assertThat(stored.publicFields()).isEqualTo(Fixtures.demoPublicFields());
		assertThat(stored.createdAt()).isEqualTo(Fixtures.NOW);
		assertThat(stored.lastEventId()).isEqualTo(submission.eventId());
		assertThat(this.repository.credentials.get(this.integrationId)).isEqualTo(stored);
		assertThat(this.repository.versions).containsKey(submission.eventId());
		assertThat(this.keys.decrypt(stored.storedVersion(), stored.envelope()).block()).isEqualTo(secret);
		assertThat(this.status.published).containsExactly(stored);
	}

	@Test
	void store_makesANewEventTheNextVersion() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();
		SecretFields rotated = Fixtures.aDemoKey();

		Credential stored = this.service.store(aSubmission(rotated)).block();

		assertThat(stored.version()).isEqualTo(2);
		assertThat(stored.state()).isEqualTo(CredentialState.PENDING_VERIFICATION);
		assertThat(this.keys.decrypt(stored.storedVersion(), stored.envelope()).block()).isEqualTo(rotated);
		assertThat(this.status.published).extracting(Credential::version).containsExactly(1L, 2L);
	}

	@Test
	void store_appliesARefreshBasedOnTheCurrentVersionAndKeepsItsExpiry() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();
		Instant expiresAt = Fixtures.NOW.plusSeconds(3600);

		Credential refreshed = this.service.store(aRefresh(Fixtures.aDemoKey(), 1L, expiresAt)).block();

		assertThat(refreshed.version()).isEqualTo(2);
		assertThat(refreshed.source()).isEqualTo("REFRESH");
		assertThat(refreshed.expiresAt()).isEqualTo(expiresAt);
		assertThat(this.status.published).extracting(Credential::expiresAt).containsExactly(null, expiresAt);
	}

	@Test
	void store_dropsARefreshBasedOnAVersionThatIsNoLongerCurrent() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();
		Submission first = aRefresh(Fixtures.aDemoKey(), 1L, Fixtures.NOW.plusSeconds(60));
		Submission racing = aRefresh(Fixtures.aDemoKey(), 1L, Fixtures.NOW.plusSeconds(60));

		Credential applied = this.service.store(first).block();
		Credential dropped = this.service.store(racing).block();

		assertThat(applied.version()).isEqualTo(2);
		assertThat(dropped).isNull();
		assertThat(this.repository.credentials.get(this.integrationId).version()).isEqualTo(2);
		assertThat(this.repository.versions).hasSize(2).doesNotContainKey(racing.eventId());
		assertThat(this.status.published).extracting(Credential::version).containsExactly(1L, 2L);
	}

	@Test
	void recordConnectFailure_reportsAnIntegrationWithoutCredentialAsError() {
		Credential reported = this.service
			.recordConnectFailure(new ConnectFailure(Fixtures.anEventId(), TENANT, this.integrationId, "demo-oauth",
					"default", "ACCESS_DENIED"))
			.block();

		assertThat(reported.state()).isEqualTo(CredentialState.ERROR);
		assertThat(reported.reason()).isEqualTo("ACCESS_DENIED");
		assertThat(reported.version()).isZero();
		assertThat(this.status.published).containsExactly(reported);
		assertThat(this.repository.credentials).isEmpty();
	}

	@Test
	void recordConnectFailure_leavesAnExistingCredentialAsItIs() {
		Credential stored = this.service.store(aSubmission(Fixtures.aDemoKey())).block();

		Credential reported = this.service
			.recordConnectFailure(new ConnectFailure(Fixtures.anEventId(), TENANT, this.integrationId, "demo",
					"default", "INVALID_GRANT"))
			.block();

		assertThat(reported).isNull();
		assertThat(this.status.published).containsExactly(stored);
	}

	@Test
	void recordRefreshFailure_movesTheCurrentVersionToReauthRequired() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();

		Credential failed = this.service
			.recordRefreshFailure(new RefreshFailure(Fixtures.anEventId(), TENANT, this.integrationId, 1L,
					CredentialState.REAUTH_REQUIRED, "INVALID_GRANT"))
			.block();

		assertThat(failed.state()).isEqualTo(CredentialState.REAUTH_REQUIRED);
		assertThat(failed.reason()).isEqualTo("INVALID_GRANT");
		assertThat(this.status.published).extracting(Credential::state)
			.containsExactly(CredentialState.PENDING_VERIFICATION, CredentialState.REAUTH_REQUIRED);
	}

	@Test
	void recordRefreshFailure_ignoresAFailureOfAnOlderVersion() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();

		Credential ignored = this.service
			.recordRefreshFailure(new RefreshFailure(Fixtures.anEventId(), TENANT, this.integrationId, 1L,
					CredentialState.EXPIRED, "NO_REFRESH_TOKEN"))
			.block();

		assertThat(ignored).isNull();
		assertThat(this.repository.credentials.get(this.integrationId).state())
			.isEqualTo(CredentialState.PENDING_VERIFICATION);
	}

	@Test
	void store_replayedEventChangesNothingButPublishesTheStateAgain() {
		Submission submission = aSubmission(Fixtures.aDemoKey());
		Credential first = this.service.store(submission).block();

		Credential replayed = this.service.store(submission).block();

		assertThat(replayed).isEqualTo(first);
		assertThat(this.repository.credentials.get(this.integrationId)).isEqualTo(first);
		assertThat(this.repository.versions).hasSize(1);
		assertThat(this.status.published).containsExactly(first, first);
	}

	@Test
	void store_finishesAVersionRecordedBeforeACrash() {
		Submission first = aSubmission(Fixtures.aDemoKey());
		this.service.store(first).block();
		Submission second = aSubmission(Fixtures.aDemoKey());
		// The version record was written, then the process died before the credential
		// moved to it.
		this.service.store(second).block();
		Credential beforeCrash = this.repository.credentials.get(this.integrationId);
		this.repository.credentials.put(this.integrationId, this.status.published.get(0));

		Credential healed = this.service.store(second).block();

		assertThat(healed.version()).isEqualTo(2);
		assertThat(healed.envelope()).isEqualTo(beforeCrash.envelope());
		assertThat(this.repository.versions).hasSize(2);
	}

	@Test
	void store_movesToTheRecordedVersionEvenWhenAScanChangedTheCredentialMeanwhile() {
		Credential first = this.service.store(aSubmission(Fixtures.aDemoKey())).block();
		Submission second = aSubmission(Fixtures.aDemoKey());
		InMemoryCredentialRepository racing = new InMemoryCredentialRepository() {

			private boolean scanned;

			@Override
			public Mono<Boolean> recordVersion(CredentialVersion version) {
				// A scan result lands between reading the credential and moving it.
				if (!this.scanned) {
					this.scanned = true;
					this.credentials.put(first.integrationId(),
							first.withScan(aScan(1, ScanOutcome.VALID, null, Fixtures.NOW), Fixtures.NOW));
				}
				return super.recordVersion(version);
			}

		};
		racing.credentials.putAll(this.repository.credentials);
		racing.versions.putAll(this.repository.versions);
		CredentialService service = new CredentialService(racing, new HpkeOpener(this.submissionKeyset), this.keys,
				this.status, new Deletions(racing, this.status, Fixtures.aFixedClock()), Fixtures.aFixedClock());

		Credential stored = service.store(second).block();

		assertThat(stored.version()).isEqualTo(2);
		assertThat(stored.state()).isEqualTo(CredentialState.PENDING_VERIFICATION);
		assertThat(racing.credentials.get(this.integrationId)).isEqualTo(stored);
		assertThat(racing.versions).hasSize(2);
	}

	@Test
	void store_publishesAgainWhenTheEventReturnsAfterAFailedPublish() {
		Submission submission = aSubmission(Fixtures.aDemoKey());
		this.status.failing(true);
		StepVerifier.create(this.service.store(submission)).expectError(IllegalStateException.class).verify();
		assertThat(this.repository.credentials).containsKey(this.integrationId);

		this.status.failing(false);
		Credential redelivered = this.service.store(submission).block();

		assertThat(redelivered.version()).isEqualTo(1);
		assertThat(this.status.published).containsExactly(redelivered);
	}

	@Test
	void store_rejectsAnUndecryptableSubmissionWithoutTheSecretInTheMessage() {
		SecretFields secret = Fixtures.aDemoKey();
		Submission sealedToAnotherKey = aSubmission(secret, Fixtures.anHpkeKeyset());

		StepVerifier.create(this.service.store(sealedToAnotherKey))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(SealingException.class)
				.hasMessageContaining(sealedToAnotherKey.eventId())
				.hasMessageNotContaining(secret.value("apiKey")))
			.verify();
		assertThat(this.repository.credentials).isEmpty();
		assertThat(this.repository.versions).isEmpty();
		assertThat(this.status.published).isEmpty();
	}

	@Test
	void store_rejectsASubmissionSealedForAnotherEvent() {
		Submission submission = aSubmission(Fixtures.aDemoKey());
		Submission moved = new Submission(Fixtures.anEventId(), TENANT, this.integrationId, "demo", "default",
				submission.occurredAt(), "API_KEY", Fixtures.demoPublicFields(), submission.sealedSecret());

		StepVerifier.create(this.service.store(moved)).expectError(SealingException.class).verify();
		assertThat(this.repository.credentials).isEmpty();
	}

	@Test
	void store_rejectsAnIntegrationOfAnotherTenant() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();
		SecretFields secret = Fixtures.aDemoKey();
		String eventId = Fixtures.anEventId();
		byte[] sealed = new HpkeSealer(Keysets.publicOf(this.submissionKeyset)).seal(secret,
				AssociatedData.forSubmission("t2", this.integrationId, eventId));
		Submission otherTenant = new Submission(eventId, "t2", this.integrationId, "demo", "default", Fixtures.NOW,
				"API_KEY", Map.of(), sealed);

		StepVerifier.create(this.service.store(otherTenant)).expectError(RejectedEventException.class).verify();
		assertThat(this.repository.credentials.get(this.integrationId).version()).isEqualTo(1);
	}

	@Test
	void recordScan_validActivatesTheVersionAndSetsLastVerifiedAt() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();
		Instant verifiedAt = Fixtures.NOW.minusSeconds(5);

		Credential scanned = this.service.recordScan(aScan(1, ScanOutcome.VALID, null, verifiedAt)).block();

		assertThat(scanned.state()).isEqualTo(CredentialState.ACTIVE);
		assertThat(scanned.reason()).isEqualTo("VERIFIED");
		assertThat(scanned.lastVerifiedAt()).isEqualTo(verifiedAt);
		assertThat(this.repository.credentials.get(this.integrationId)).isEqualTo(scanned);
		assertThat(this.status.last()).isEqualTo(scanned);
	}

	@Test
	void recordScan_invalidRecordsTheReason() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();

		Credential scanned = this.service
			.recordScan(aScan(1, ScanOutcome.INVALID, "REJECTED_BY_PLATFORM", Fixtures.NOW))
			.block();

		assertThat(scanned.state()).isEqualTo(CredentialState.INVALID);
		assertThat(scanned.reason()).isEqualTo("REJECTED_BY_PLATFORM");
		assertThat(scanned.lastVerifiedAt()).isNull();
	}

	@Test
	void recordScan_errorRecordsTheReasonAndKeepsTheLastVerification() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();
		Instant verifiedAt = Fixtures.NOW.minusSeconds(60);
		this.service.recordScan(aScan(1, ScanOutcome.VALID, null, verifiedAt)).block();

		Credential scanned = this.service.recordScan(aScan(1, ScanOutcome.ERROR, "PLATFORM_UNREACHABLE", Fixtures.NOW))
			.block();

		assertThat(scanned.state()).isEqualTo(CredentialState.ERROR);
		assertThat(scanned.reason()).isEqualTo("PLATFORM_UNREACHABLE");
		assertThat(scanned.lastVerifiedAt()).isEqualTo(verifiedAt);
	}

	@Test
	void recordScan_ignoresAResultForAnotherVersion() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();
		Credential current = this.repository.credentials.get(this.integrationId);

		StepVerifier.create(this.service.recordScan(aScan(1, ScanOutcome.VALID, null, Fixtures.NOW))).verifyComplete();

		assertThat(this.repository.credentials.get(this.integrationId)).isEqualTo(current);
		assertThat(this.status.published).hasSize(2);
	}

	@Test
	void recordScan_replayedEventChangesNothingButPublishesTheStateAgain() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();
		ScanResult valid = aScan(1, ScanOutcome.VALID, null, Fixtures.NOW);
		Credential active = this.service.recordScan(valid).block();
		this.service.recordScan(aScan(1, ScanOutcome.INVALID, "REJECTED_BY_PLATFORM", Fixtures.NOW)).block();
		Credential invalid = this.repository.credentials.get(this.integrationId);

		Credential replayed = this.service.recordScan(valid).block();

		assertThat(active.state()).isEqualTo(CredentialState.ACTIVE);
		assertThat(replayed).isEqualTo(invalid);
		assertThat(this.repository.credentials.get(this.integrationId)).isEqualTo(invalid);
		assertThat(this.status.last()).isEqualTo(invalid);
	}

	@Test
	void recordScan_ignoresAnUnknownIntegration() {
		StepVerifier.create(this.service.recordScan(aScan(1, ScanOutcome.VALID, null, Fixtures.NOW))).verifyComplete();
		assertThat(this.status.published).isEmpty();
	}

	@Test
	void store_aNewVersionAfterVerificationIsPendingAgain() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();
		this.service.recordScan(aScan(1, ScanOutcome.VALID, null, Fixtures.NOW)).block();

		Credential rotated = this.service.store(aSubmission(Fixtures.aDemoKey())).block();

		assertThat(rotated.version()).isEqualTo(2);
		assertThat(rotated.state()).isEqualTo(CredentialState.PENDING_VERIFICATION);
		assertThat(rotated.lastVerifiedAt()).isNull();
		assertThat(rotated.createdAt()).isEqualTo(Fixtures.NOW);
	}

	@Test
	void store_keepsTheDataKeysOfTheNewestVersionsOnly() {
		CredentialService keepingTwo = new CredentialService(this.repository, new HpkeOpener(this.submissionKeyset),
				this.keys, this.status, this.deletions, Fixtures.aFixedClock(), 2);
		for (int i = 0; i < 4; i++) {
			keepingTwo.store(aSubmission(Fixtures.aDemoKey())).block();
		}

		assertThat(this.repository.versions.values()).filteredOn((v) -> this.repository.shredded.contains(v.eventId()))
			.extracting(CredentialVersion::version)
			.containsExactlyInAnyOrder(1L, 2L);
		Credential current = this.repository.credentials.get(this.integrationId);
		assertThat(current.version()).isEqualTo(4);
		assertThat(this.keys.decrypt(current.storedVersion(), current.envelope()).block()).isNotNull();
	}

	@Test
	void delete_shredsEveryVersionDropsTheEnvelopeAndPublishesATombstone() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();

		Deletions.Deleted deleted = this.deletions.delete(TENANT, this.integrationId, "NOT_APPLICABLE").block();

		assertThat(deleted.version()).isEqualTo(2);
		Credential stored = this.repository.credentials.get(this.integrationId);
		assertThat(stored.state()).isEqualTo(CredentialState.DELETED);
		assertThat(stored.isDeletionComplete()).isTrue();
		assertThat(stored.envelope()).isNull();
		assertThat(this.repository.shredded).containsExactlyInAnyOrderElementsOf(this.repository.versions.keySet());
		assertThat(this.status.removed).containsExactly(this.integrationId);
		assertThat(this.repository.deletions).containsEntry(this.integrationId + "@2", "NOT_APPLICABLE");
	}

	@Test
	void delete_ofAnotherTenantsIntegrationLooksLikeAMissingOneAndChangesNothing() {
		Credential stored = this.service.store(aSubmission(Fixtures.aDemoKey())).block();

		assertThat(this.deletions.delete("another-tenant", this.integrationId, "NOT_APPLICABLE").blockOptional())
			.isEmpty();
		assertThat(this.deletions.delete(TENANT, "int_missing", "NOT_APPLICABLE").blockOptional()).isEmpty();
		assertThat(this.repository.credentials.get(this.integrationId)).isEqualTo(stored);
		assertThat(this.status.removed).isEmpty();
	}

	@Test
	void delete_againIsANoOpThatStillAnswers() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();
		this.deletions.delete(TENANT, this.integrationId, "REVOKED").block();
		Credential once = this.repository.credentials.get(this.integrationId);

		assertThat(this.deletions.delete(TENANT, this.integrationId, "NOT_APPLICABLE").blockOptional()).isPresent();
		assertThat(this.repository.credentials.get(this.integrationId)).isEqualTo(once);
		assertThat(this.repository.deletions).containsOnly(Map.entry(this.integrationId + "@1", "REVOKED"));
	}

	@Test
	void delete_interruptedBeforeTheTombstoneIsFinishedByTheSweep() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();
		this.status.failing(true);
		assertThatThrownBy(() -> this.deletions.delete(TENANT, this.integrationId, "NOT_APPLICABLE").block())
			.isInstanceOf(IllegalStateException.class);
		assertThat(this.repository.credentials.get(this.integrationId).isDeletionComplete()).isFalse();
		this.status.failing(false);

		assertThat(this.deletions.finishUnfinished(Duration.ofMinutes(-1), 10).block()).isEqualTo(1);

		assertThat(this.repository.credentials.get(this.integrationId).isDeletionComplete()).isTrue();
		assertThat(this.status.removed).containsExactly(this.integrationId);
	}

	@Test
	void recordScan_ofADeletedIntegrationIsIgnored() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();
		this.deletions.delete(TENANT, this.integrationId, "NOT_APPLICABLE").block();
		int published = this.status.published.size();

		assertThat(this.service.recordScan(aScan(1, ScanOutcome.VALID, null, Fixtures.NOW)).blockOptional()).isEmpty();

		assertThat(this.repository.credentials.get(this.integrationId).state()).isEqualTo(CredentialState.DELETED);
		assertThat(this.status.published).hasSize(published);
	}

	@Test
	void store_dropsARefreshOrASubmissionMadeBeforeTheDeletion() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();
		Submission acceptedBefore = aSubmission(Fixtures.aDemoKey());
		this.deletions.delete(TENANT, this.integrationId, "NOT_APPLICABLE").block();

		assertThat(this.service.store(acceptedBefore).blockOptional()).isEmpty();
		assertThat(this.service.store(aRefresh(Fixtures.aDemoKey(), 1, null)).blockOptional()).isEmpty();
		assertThat(this.repository.credentials.get(this.integrationId).state()).isEqualTo(CredentialState.DELETED);
		assertThat(this.repository.versions).hasSize(1);
	}

	@Test
	void store_afterTheDeletionStartsTheIntegrationAgainAtTheNextVersion() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();
		this.deletions.delete(TENANT, this.integrationId, "NOT_APPLICABLE").block();
		SecretFields again = Fixtures.aDemoKey();

		Credential stored = this.service.store(aSubmission(again, this.submissionKeyset, Fixtures.NOW.plusSeconds(1)))
			.block();

		assertThat(stored.version()).isEqualTo(2);
		assertThat(stored.state()).isEqualTo(CredentialState.PENDING_VERIFICATION);
		assertThat(stored.createdAt()).isEqualTo(Fixtures.NOW);
		assertThat(this.keys.decrypt(stored.storedVersion(), stored.envelope()).block()).isEqualTo(again);
		assertThat(this.repository.shredded).hasSize(1);
	}

	private Submission aSubmission(SecretFields secret) {
		return aSubmission(secret, this.submissionKeyset);
	}

	private Submission aSubmission(SecretFields secret, KeysetHandle sealedTo) {
		return aSubmission(secret, sealedTo, Fixtures.NOW.minusSeconds(1));
	}

	private Submission aSubmission(SecretFields secret, KeysetHandle sealedTo, Instant occurredAt) {
		String eventId = Fixtures.anEventId();
		byte[] sealed = new HpkeSealer(Keysets.publicOf(sealedTo)).seal(secret,
				AssociatedData.forSubmission(TENANT, this.integrationId, eventId));
		return new Submission(eventId, TENANT, this.integrationId, "demo", "default", occurredAt, "API_KEY",
				Fixtures.demoPublicFields(), sealed);
	}

	private Submission aRefresh(SecretFields secret, long basedOn, Instant expiresAt) {
		String eventId = Fixtures.anEventId();
		byte[] sealed = new HpkeSealer(Keysets.publicOf(this.submissionKeyset)).seal(secret,
				AssociatedData.forSubmission(TENANT, this.integrationId, eventId));
		return new Submission(eventId, TENANT, this.integrationId, "demo", "default", Fixtures.NOW.minusSeconds(1),
				"REFRESH", Fixtures.demoPublicFields(), sealed, expiresAt, basedOn);
	}

	private ScanResult aScan(long version, ScanOutcome outcome, String reason, Instant at) {
		return new ScanResult(Fixtures.anEventId(), TENANT, this.integrationId, version, outcome, reason, at);
	}

}
