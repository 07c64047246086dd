package dev.latchkey.vault.credential;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

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

	/** The scans handed to the history, in order. */
	private final List<Assessment> history = new CopyOnWriteArrayList<>();

	private final CredentialService service = new CredentialService(this.repository,
			new HpkeOpener(this.submissionKeyset), this.keys, this.status, this.deletions, Fixtures.aFixedClock(),
			Integer.MAX_VALUE, (assessment) -> Mono.fromRunnable(() -> this.history.add(assessment)));

	private final Schedules schedules = new Schedules(this.repository, this.status);

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

	@Test
	void recordScan_keepsTheCheckTheNextCheckAndTheFindings_andPublishesThemWithoutAStateChange() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();
		Credential first = this.service
			.recordScan(aScan(1, ScanOutcome.VALID, "VERIFIED", Fixtures.NOW.minusSeconds(60),
					List.of(anAccountFinding()), Fixtures.NOW.plusSeconds(3600)))
			.block();
		Finding overScoped = new Finding("OVER_SCOPED", "WARNING", "The key may write, the product only reads.",
				Map.of("extraScopes", "write"));

		Credential again = this.service
			.recordScan(aScan(1, ScanOutcome.VALID, "VERIFIED", Fixtures.NOW, List.of(overScoped),
					Fixtures.NOW.plusSeconds(7200)))
			.block();

		assertThat(first.lastCheckedAt()).isEqualTo(Fixtures.NOW.minusSeconds(60));
		assertThat(again.state()).isEqualTo(CredentialState.ACTIVE);
		assertThat(again.lastCheckedAt()).isEqualTo(Fixtures.NOW);
		assertThat(again.lastVerifiedAt()).isEqualTo(Fixtures.NOW);
		assertThat(again.nextCheckAt()).isEqualTo(Fixtures.NOW.plusSeconds(7200));
		assertThat(again.findings()).containsExactly(overScoped);
		assertThat(again.updatedAt()).as("the state did not change").isEqualTo(first.updatedAt());
		assertThat(this.status.published).extracting(Credential::lastCheckedAt)
			.containsExactly(null, Fixtures.NOW.minusSeconds(60), Fixtures.NOW);
		assertThat(this.repository.credentials.get(this.integrationId)).isEqualTo(again);
	}

	@Test
	void recordScan_revokedAtThePlatformTurnsInvalid_andAValidScanLaterRecovers() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();
		this.service.recordScan(aScan(1, ScanOutcome.VALID, null, Fixtures.NOW.minusSeconds(300))).block();

		Credential revoked = this.service
			.recordScan(aScan(1, ScanOutcome.INVALID, "REVOKED_AT_PLATFORM", Fixtures.NOW.minusSeconds(200)))
			.block();
		Credential failing = this.service
			.recordScan(aScan(1, ScanOutcome.ERROR, "PLATFORM_UNAVAILABLE", Fixtures.NOW.minusSeconds(100)))
			.block();
		Credential recovered = this.service.recordScan(aScan(1, ScanOutcome.VALID, null, Fixtures.NOW)).block();

		assertThat(revoked.state()).isEqualTo(CredentialState.INVALID);
		assertThat(revoked.reason()).isEqualTo("REVOKED_AT_PLATFORM");
		assertThat(failing.state()).isEqualTo(CredentialState.ERROR);
		assertThat(failing.reason()).isEqualTo("PLATFORM_UNAVAILABLE");
		assertThat(recovered.state()).isEqualTo(CredentialState.ACTIVE);
		assertThat(recovered.reason()).isEqualTo("VERIFIED");
		assertThat(recovered.lastVerifiedAt()).isEqualTo(Fixtures.NOW);
	}

	@Test
	void recordScan_withoutAReasonUsesTheDefaultOfEachOutcome() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();

		assertThat(this.service.recordScan(aScan(1, ScanOutcome.INVALID, null, Fixtures.NOW.minusSeconds(2)))
			.block()
			.reason()).isEqualTo("REJECTED_BY_PLATFORM");
		assertThat(this.service.recordScan(aScan(1, ScanOutcome.ERROR, " ", Fixtures.NOW.minusSeconds(1)))
			.block()
			.reason()).isEqualTo("SCAN_FAILED");
		assertThat(this.service.recordScan(aScan(1, ScanOutcome.VALID, null, Fixtures.NOW)).block().reason())
			.isEqualTo("VERIFIED");
	}

	@Test
	void recordScan_ofAVersionWhoseGrantIsGone_keepsReauthRequiredButRecordsTheCheck() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();
		this.service
			.recordRefreshFailure(new RefreshFailure(Fixtures.anEventId(), TENANT, this.integrationId, 1L,
					CredentialState.REAUTH_REQUIRED, "INVALID_GRANT"))
			.block();

		Credential scanned = this.service.recordScan(aScan(1, ScanOutcome.VALID, null, Fixtures.NOW)).block();

		assertThat(scanned.state()).isEqualTo(CredentialState.REAUTH_REQUIRED);
		assertThat(scanned.reason()).isEqualTo("INVALID_GRANT");
		assertThat(scanned.lastCheckedAt()).isEqualTo(Fixtures.NOW);
		assertThat(this.status.last()).isEqualTo(scanned);
	}

	@Test
	void recordScan_madeBeforeTheLatestAppliedOne_changesNothing() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();
		Credential latest = this.service.recordScan(aScan(1, ScanOutcome.VALID, null, Fixtures.NOW)).block();

		StepVerifier
			.create(this.service.recordScan(aScan(1, ScanOutcome.ERROR, "TIMEOUT", Fixtures.NOW.minusSeconds(30))))
			.verifyComplete();

		assertThat(this.repository.credentials.get(this.integrationId)).isEqualTo(latest);
		assertThat(this.history).hasSize(2);
	}

	@Test
	void recordScan_keepsEveryScanOfTheTenantsIntegrationInTheHistory_staleOnesToo() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();
		ScanResult stale = aScan(1, ScanOutcome.VALID, null, Fixtures.NOW.minusSeconds(10));
		ScanResult current = aScan(2, ScanOutcome.INVALID, "REJECTED_BY_PLATFORM", Fixtures.NOW,
				List.of(anAccountFinding()), null);

		this.service.recordScan(stale).block();
		this.service.recordScan(current).block();

		assertThat(this.history)
			.extracting(Assessment::eventId, Assessment::version, Assessment::outcome, Assessment::provider)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(stale.eventId(), 1L, "VALID", "demo"),
					org.assertj.core.groups.Tuple.tuple(current.eventId(), 2L, "INVALID", "demo"));
		assertThat(this.history.get(1).findings()).containsExactly(anAccountFinding());
	}

	@Test
	void recordScan_ofADeletedIntegration_isNotKeptInTheHistory() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();
		this.deletions.delete(TENANT, this.integrationId, Deletions.NOT_REVOKED).block();

		this.service.recordScan(aScan(1, ScanOutcome.VALID, null, Fixtures.NOW)).block();

		assertThat(this.history).isEmpty();
	}

	@Test
	void store_aNewVersionForgetsTheChecksOfTheOldOne_andKeepsTheScanPeriod() {
		this.service.store(aSubmission(Fixtures.aDemoKey(), 3600L)).block();
		this.service
			.recordScan(aScan(1, ScanOutcome.VALID, null, Fixtures.NOW, List.of(anAccountFinding()),
					Fixtures.NOW.plusSeconds(3600)))
			.block();

		Credential refreshed = this.service.store(aRefresh(Fixtures.aDemoKey(), 1L, Fixtures.NOW.plusSeconds(60)))
			.block();
		Credential resubmitted = this.service.store(aSubmission(Fixtures.aDemoKey(), 900L)).block();

		assertThat(refreshed.scanEverySeconds()).isEqualTo(3600L);
		assertThat(refreshed.lastCheckedAt()).isNull();
		assertThat(refreshed.nextCheckAt()).isNull();
		assertThat(refreshed.findings()).isEmpty();
		assertThat(resubmitted.scanEverySeconds()).isEqualTo(900L);
		assertThat(this.status.last().scanEverySeconds()).isEqualTo(900L);
	}

	@Test
	void scanEvery_storesThePeriodAndPublishesIt_andNullGoesBackToTheDefault() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();

		Credential set = this.schedules.scanEvery(TENANT, this.integrationId, 21600L).block();
		Credential reset = this.schedules.scanEvery(TENANT, this.integrationId, null).block();

		assertThat(set.scanEverySeconds()).isEqualTo(21600L);
		assertThat(reset.scanEverySeconds()).isNull();
		assertThat(this.status.published).extracting(Credential::scanEverySeconds).containsExactly(null, 21600L, null);
		assertThat(this.repository.credentials.get(this.integrationId)).isEqualTo(reset);
	}

	@Test
	void scanEvery_isNotOverwrittenByAScanReadBeforeIt() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();
		Credential readByTheScan = this.repository.credentials.get(this.integrationId);
		this.schedules.scanEvery(TENANT, this.integrationId, 21600L).block();

		boolean replaced = this.repository
			.replace(readByTheScan,
					readByTheScan.withScan(aScan(1, ScanOutcome.VALID, null, Fixtures.NOW), Fixtures.NOW))
			.block();

		assertThat(replaced).isFalse();
		assertThat(this.repository.credentials.get(this.integrationId).scanEverySeconds()).isEqualTo(21600L);
	}

	@Test
	void scanEvery_ofAnotherTenantsDeletedOrUnknownIntegration_isEmptyAndPublishesNothing() {
		this.service.store(aSubmission(Fixtures.aDemoKey())).block();
		int published = this.status.published.size();

		StepVerifier.create(this.schedules.scanEvery("t2", this.integrationId, 3600L)).verifyComplete();
		StepVerifier.create(this.schedules.scanEvery(TENANT, Fixtures.anIntegrationId(), 3600L)).verifyComplete();
		this.deletions.delete(TENANT, this.integrationId, Deletions.NOT_REVOKED).block();
		StepVerifier.create(this.schedules.scanEvery(TENANT, this.integrationId, 3600L)).verifyComplete();

		assertThat(this.status.published).hasSize(published);
	}

	private static Finding anAccountFinding() {
		return new Finding("ACCOUNT", "INFO", "Connected to demo account acme-demo.", Map.of("account", "acme-demo"));
	}

	private ScanResult aScan(long version, ScanOutcome outcome, String reason, Instant at, List<Finding> findings,
			Instant nextCheckAt) {
		return new ScanResult(Fixtures.anEventId(), TENANT, this.integrationId, version, outcome, reason, at,
				"SCHEDULED", 200, 12, findings, nextCheckAt, 0);
	}

	private Submission aSubmission(SecretFields secret, Long scanEverySeconds) {
		String eventId = Fixtures.anEventId();
		byte[] sealed = new HpkeSealer(Keysets.publicOf(this.submissionKeyset)).seal(secret,
				AssociatedData.forSubmission(TENANT, this.integrationId, eventId));
		return new Submission(eventId, TENANT, this.integrationId, "demo", "default", Fixtures.NOW.minusSeconds(1),
				"API_KEY", Fixtures.demoPublicFields(), sealed, null, null, scanEverySeconds);
	}

	private ScanResult aScan(long version, ScanOutcome outcome, String reason, Instant at) {
		return new ScanResult(Fixtures.anEventId(), TENANT, this.integrationId, version, outcome, reason, at);
	}

}
