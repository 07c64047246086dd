package dev.latchkey.collector.credential;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.collector.Fixtures;
import dev.latchkey.collector.limit.TestLimits;
import dev.latchkey.collector.credential.IdempotencyRecord.State;
import dev.latchkey.collector.credential.PublishFailedException.Retry;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.HpkeSealer;
import dev.latchkey.crypto.SecretFields;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of the Idempotency-Key header, with a fake store and a fake broker: one event
 * id per key, however many attempts, so the vault keeps one version.
 */
class IdempotentSubmissionTest {

	private static final Instant NOW = Instant.parse("2026-11-24T10:15:30.123Z");

	private static final Duration PUBLISH_TIMEOUT = Duration.ofMillis(200);

	private static final IdempotencyKey KEY = new IdempotencyKey("order-7f3a-retry-safe");

	private final RecordingPublisher publisher = new RecordingPublisher();

	private final InMemoryIdempotencyKeys keys = new InMemoryIdempotencyKeys();

	private final MutableClock clock = new MutableClock(NOW);

	private final CredentialService service = service(PUBLISH_TIMEOUT);

	@Test
	void firstUse_publishesTheEventReservedForTheKeyAndStoresOnlyTheAnswer() {
		Accepted accepted = submit(KEY, Fixtures.aDemoCredential()).block();

		SealedCredential sent = this.publisher.only();
		IdempotencyRecord record = this.keys.only();
		assertThat(accepted.replayed()).isFalse();
		assertThat(record.id()).isEqualTo(KEY.scopedTo(Fixtures.TENANT)).doesNotContain(KEY.value());
		assertThat(record.eventId()).isEqualTo(sent.eventId());
		assertThat(record.occurredAt()).isEqualTo(sent.occurredAt()).isEqualTo(NOW);
		assertThat(record.state()).isEqualTo(State.SUCCEEDED);
		assertThat(record.answer()).isEqualTo(accepted);
		assertThat(record.createdAt()).isEqualTo(NOW);
		assertThat(record.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(24)));
		assertThat(record.lockedUntil()).isNull();
		assertThat(record.toString()).doesNotContain(Fixtures.CANARY);
		assertThat(opened(sent)).isEqualTo(Fixtures.CANARY);
	}

	@Test
	void sameKeyAndSubmissionAfterSuccess_replaysTheAnswerAndPublishesNothing() {
		Accepted first = submit(KEY, Fixtures.aDemoCredential()).block();
		this.clock.advance(Duration.ofHours(23));

		Accepted again = submit(KEY, Fixtures.aDemoCredential()).block();

		assertThat(again.replayed()).isTrue();
		assertThat(again.integrationId()).isEqualTo(first.integrationId());
		assertThat(again.provider()).isEqualTo(first.provider());
		assertThat(again.name()).isEqualTo(first.name());
		assertThat(this.publisher.attempts()).hasSize(1);
	}

	@Test
	void sameKeyWithAnotherSubmission_isRefusedAndPublishesNothing() {
		submit(KEY, Fixtures.aDemoCredential()).block();

		StepVerifier.create(submit(KEY, Map.of("api_key", "demo_live_another0123")))
			.expectError(IdempotencyKeyReusedException.class)
			.verify();
		StepVerifier
			.create(this.service.submit(Fixtures.TENANT, "demo", new Submission("billing", Fixtures.aDemoCredential()),
					KEY))
			.expectError(IdempotencyKeyReusedException.class)
			.verify();
		StepVerifier
			.create(this.service.submit(Fixtures.TENANT, "twilio", new Submission(null, Fixtures.aTwilioCredential()),
					KEY))
			.expectError(IdempotencyKeyReusedException.class)
			.verify();
		assertThat(this.publisher.attempts()).hasSize(1);
	}

	@Test
	void sameKeyWhileTheFirstRequestIsInFlight_isInUseUntilItsLockRunsOut() {
		CredentialService patient = service(Duration.ofSeconds(5));
		this.publisher.holds();
		Disposable first = patient
			.submit(Fixtures.TENANT, "demo", new Submission(null, Fixtures.aDemoCredential()), KEY)
			.subscribe();
		try {
			// Lock = publish timeout 5 s + twice the store timeout 0.5 s.
			StepVerifier
				.create(patient.submit(Fixtures.TENANT, "demo", new Submission(null, Fixtures.aDemoCredential()), KEY))
				.expectErrorSatisfies((ex) -> assertThat(((IdempotencyKeyInUseException) ex).retryAfter())
					.isEqualTo(Duration.ofSeconds(6)))
				.verify();
			assertThat(this.publisher.attempts()).hasSize(1);

			// An attempt that outlives its lock is presumed dead: the next one takes
			// over,
			// with the same event.
			this.clock.advance(Duration.ofSeconds(6));
			Mono<Accepted> takeover = patient.submit(Fixtures.TENANT, "demo",
					new Submission(null, Fixtures.aDemoCredential()), KEY);
			StepVerifier.create(takeover).then(this.publisher::release).expectNextCount(1).verifyComplete();
		}
		finally {
			first.dispose();
		}
		assertThat(this.publisher.attempts()).hasSize(2)
			.extracting(SealedCredential::eventId)
			.containsOnly(this.publisher.attempts().get(0).eventId());
		assertThat(this.keys.only().state()).isEqualTo(State.SUCCEEDED);
	}

	@Test
	void sameKeyAfterAFailedPublish_publishesTheSameEventAgain() {
		this.publisher.fails();
		StepVerifier.create(submit(KEY, Fixtures.aDemoCredential())).expectErrorSatisfies((ex) -> {
			assertThat(((PublishFailedException) ex).retry()).isEqualTo(Retry.WITH_SAME_KEY);
			assertThat(((PublishFailedException) ex).generatedKey()).isNull();
		}).verify();
		assertThat(this.keys.only().state()).isEqualTo(State.FAILED);
		assertThat(this.keys.only().lockedUntil()).isNull();

		this.publisher.acknowledges();
		this.clock.advance(Duration.ofSeconds(3));
		Accepted accepted = submit(KEY, Fixtures.aDemoCredential()).block();

		assertThat(accepted.replayed()).isFalse();
		List<SealedCredential> attempts = this.publisher.attempts();
		assertThat(attempts).hasSize(2);
		assertThat(attempts.get(1).eventId()).isEqualTo(attempts.get(0).eventId());
		assertThat(attempts.get(1).occurredAt()).isEqualTo(attempts.get(0).occurredAt());
		assertThat(opened(attempts.get(1))).isEqualTo(Fixtures.CANARY);
		assertThat(this.keys.only().state()).isEqualTo(State.SUCCEEDED);
	}

	@Test
	void anAttemptThatTimesOutButIsDeliveredLate_andItsRetry_areOneVersionInTheVault() {
		// The broker takes the record, but its acknowledgement misses the publish
		// timeout.
		this.publisher.neverAnswers();
		StepVerifier.create(submit(KEY, Fixtures.aDemoCredential()))
			.expectError(PublishFailedException.class)
			.verify(Duration.ofSeconds(5));

		this.publisher.acknowledges();
		submit(KEY, Fixtures.aDemoCredential()).block();

		List<SealedCredential> delivered = this.publisher.attempts();
		assertThat(delivered).hasSize(2);
		assertThat(delivered).allSatisfy((record) -> assertThat(opened(record)).isEqualTo(Fixtures.CANARY));
		assertThat(versionsTheVaultKeeps(delivered)).isEqualTo(1);
	}

	@Test
	void withoutAKey_aFailedPublishHandsOutAKeyReservedForTheSameEvent() {
		this.publisher.neverAnswers();
		AtomicReference<IdempotencyKey> handedOut = new AtomicReference<>();
		StepVerifier.create(submit(null, Fixtures.aDemoCredential())).expectErrorSatisfies((ex) -> {
			assertThat(((PublishFailedException) ex).retry()).isEqualTo(Retry.WITH_GENERATED_KEY);
			handedOut.set(((PublishFailedException) ex).generatedKey());
		}).verify(Duration.ofSeconds(5));
		IdempotencyRecord reserved = this.keys.only();
		assertThat(reserved.id()).isEqualTo(handedOut.get().scopedTo(Fixtures.TENANT));
		assertThat(reserved.eventId()).isEqualTo(this.publisher.only().eventId());
		assertThat(reserved.state()).isEqualTo(State.FAILED);

		this.publisher.acknowledges();
		StepVerifier.create(submit(handedOut.get(), Map.of("api_key", "demo_live_another0123")))
			.expectError(IdempotencyKeyReusedException.class)
			.verify();
		Accepted accepted = submit(handedOut.get(), Fixtures.aDemoCredential()).block();

		assertThat(accepted.replayed()).isFalse();
		assertThat(versionsTheVaultKeeps(this.publisher.attempts())).isEqualTo(1);
		assertThat(this.publisher.attempts()).hasSize(2);
	}

	@Test
	void withoutAKey_whenMongoDbIsUnreachable_aFailedPublishIsAnsweredAsBefore() {
		this.keys.unreachable();
		this.publisher.fails();

		StepVerifier.create(submit(null, Fixtures.aDemoCredential())).expectErrorSatisfies((ex) -> {
			assertThat(((PublishFailedException) ex).retry()).isEqualTo(Retry.WITHOUT_KEY);
			assertThat(((PublishFailedException) ex).generatedKey()).isNull();
		}).verify();
	}

	@Test
	void withoutAKey_anAcceptedSubmissionNeedsNoMongoDb() {
		this.keys.unreachable();

		Accepted accepted = submit(null, Fixtures.aDemoCredential()).block();

		assertThat(accepted.replayed()).isFalse();
		assertThat(this.publisher.attempts()).hasSize(1);
		assertThat(this.keys.records()).isEmpty();
	}

	@Test
	void withAKey_whenMongoDbIsUnreachable_nothingIsPublished() {
		this.keys.unreachable();
		StepVerifier.create(submit(KEY, Fixtures.aDemoCredential()))
			.expectError(IdempotencyUnavailableException.class)
			.verify();

		this.keys.hangs();
		StepVerifier.create(submit(KEY, Fixtures.aDemoCredential()))
			.expectError(IdempotencyUnavailableException.class)
			.verify(Duration.ofSeconds(5));

		assertThat(this.publisher.attempts()).isEmpty();
	}

	@Test
	void anAcknowledgedAttemptWhoseAnswerWasNotStored_isRetriedWithTheSameEvent() {
		// MongoDB goes away between the claim and the answer.
		this.publisher.answers(Mono.fromRunnable(this.keys::unreachable));
		assertThat(submit(KEY, Fixtures.aDemoCredential()).block().replayed()).isFalse();
		this.keys.reachable();
		this.publisher.acknowledges();

		StepVerifier.create(submit(KEY, Fixtures.aDemoCredential()))
			.expectError(IdempotencyKeyInUseException.class)
			.verify();
		this.clock.advance(Duration.ofSeconds(2));
		submit(KEY, Fixtures.aDemoCredential()).block();

		assertThat(versionsTheVaultKeeps(this.publisher.attempts())).isEqualTo(1);
		assertThat(this.keys.only().state()).isEqualTo(State.SUCCEEDED);
	}

	@Test
	void keysAreScopedToTheTenant() {
		submit(KEY, Fixtures.aDemoCredential()).block();

		Accepted other = this.service
			.submit(Fixtures.OTHER_TENANT, "demo", new Submission(null, Fixtures.aDemoCredential()), KEY)
			.block();

		assertThat(other.replayed()).isFalse();
		assertThat(this.keys.records()).hasSize(2);
		assertThat(this.publisher.attempts()).extracting(SealedCredential::eventId).doesNotHaveDuplicates();
	}

	@Test
	void aKeyIsForgottenAfter24Hours() {
		submit(KEY, Fixtures.aDemoCredential()).block();
		this.clock.advance(Duration.ofHours(24).minusMillis(1));
		StepVerifier.create(submit(KEY, Map.of("api_key", "demo_live_rotated0123")))
			.expectError(IdempotencyKeyReusedException.class)
			.verify();

		this.clock.advance(Duration.ofMillis(1));
		Accepted accepted = submit(KEY, Map.of("api_key", "demo_live_rotated0123")).block();

		assertThat(accepted.replayed()).isFalse();
		assertThat(this.publisher.attempts()).extracting(SealedCredential::eventId).doesNotHaveDuplicates();
		assertThat(this.keys.only().expiresAt()).isEqualTo(this.clock.instant().plus(Duration.ofHours(24)));
	}

	@Test
	void aRejectedSubmissionDoesNotUseUpTheKey() {
		StepVerifier.create(submit(KEY, Map.of("api_key", "not-a-demo-key")))
			.expectError(InvalidSubmissionException.class)
			.verify();
		assertThat(this.keys.records()).isEmpty();

		assertThat(submit(KEY, Fixtures.aDemoCredential()).block().replayed()).isFalse();
	}

	private Mono<Accepted> submit(IdempotencyKey key, Map<String, String> fields) {
		return this.service.submit(Fixtures.TENANT, "demo", new Submission(null, fields), key);
	}

	private CredentialService service(Duration publishTimeout) {
		return new CredentialService(ProviderCatalogue.builtIn(), new HpkeSealer(Fixtures.vaultPublicKeyset()),
				this.publisher, this.keys, TestLimits.generous(), this.clock,
				TestProperties.withPublishTimeout(publishTimeout));
	}

	/** The vault opens each record with its own event id and stores an event id once. */
	private static long versionsTheVaultKeeps(List<SealedCredential> delivered) {
		delivered.forEach(IdempotentSubmissionTest::opened);
		return delivered.stream().map(SealedCredential::eventId).distinct().count();
	}

	private static String opened(SealedCredential sent) {
		SecretFields opened = Fixtures.vaultOpener()
			.open(sent.sealedSecret(),
					AssociatedData.forSubmission(sent.tenantId(), sent.integrationId(), sent.eventId()));
		return opened.value("api_key");
	}

}
