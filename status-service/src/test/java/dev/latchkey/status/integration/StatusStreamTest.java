package dev.latchkey.status.integration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import static dev.latchkey.status.integration.Fixtures.TENANT_A;
import static dev.latchkey.status.integration.Fixtures.TENANT_B;
import static dev.latchkey.status.integration.Fixtures.aPendingTwilio;
import static dev.latchkey.status.integration.Fixtures.anActiveDemo;
import static dev.latchkey.status.integration.Fixtures.anIntegration;
import static dev.latchkey.status.integration.Fixtures.changed;
import static org.assertj.core.api.Assertions.assertThat;

class StatusStreamTest {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final StatusView view = new StatusView();

	private final StatusStream stream = new StatusStream(this.view, 3, 2, 16);

	@Test
	void open_sendsTheSnapshotThenEveryChangeOfTheTenantOnly() {
		this.view.apply(anActiveDemo());

		StepVerifier.create(this.stream.open(TENANT_A, null)).assertNext((event) -> {
			assertThat(event.type()).isEqualTo(StreamEvent.SNAPSHOT);
			assertThat(event.snapshot().integrations()).containsExactly(anActiveDemo());
			assertThat(event.id()).isEqualTo(this.view.revision(TENANT_A));
		}).then(() -> {
			this.view.apply(anIntegration(TENANT_B, "demo", "default", IntegrationState.ACTIVE));
			this.view.apply(aPendingTwilio());
		}).assertNext((event) -> {
			assertThat(event.type()).isEqualTo(StreamEvent.CHANGE);
			assertThat(event.change().status()).isEqualTo(aPendingTwilio());
			assertThat(event.id()).isEqualTo(this.view.revision(TENANT_A));
		}).thenCancel().verify(WAIT);
	}

	@Test
	void open_withTheLastEventIdResumesWithOnlyTheMissedChanges() {
		this.view.apply(anActiveDemo());
		String seen = this.view.revision(TENANT_A);
		IntegrationStatus twilio = aPendingTwilio();
		this.view.apply(twilio);
		this.view.apply(changed(twilio, IntegrationState.ACTIVE, 2, twilio.occurredAt().plusSeconds(1)));

		StepVerifier.create(this.stream.open(TENANT_A, seen))
			.assertNext((event) -> assertThat(event.change().status().state())
				.isEqualTo(IntegrationState.PENDING_VERIFICATION))
			.assertNext((event) -> assertThat(event.change().status().state()).isEqualTo(IntegrationState.ACTIVE))
			.thenCancel()
			.verify(WAIT);
	}

	@Test
	void open_withTheCurrentRevisionSendsNothingUntilAChange() {
		this.view.apply(anActiveDemo());

		StepVerifier.create(this.stream.open(TENANT_A, this.view.revision(TENANT_A)))
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(100))
			.then(() -> this.view.remove(anActiveDemo().integrationId()))
			.assertNext((event) -> assertThat(event.change().removed()).isTrue())
			.thenCancel()
			.verify(WAIT);
	}

	@Test
	void open_withAnUnknownLastEventIdSendsAFreshSnapshot() {
		this.view.apply(anActiveDemo());

		StepVerifier.create(this.stream.open(TENANT_A, "from-another-life"))
			.assertNext((event) -> assertThat(event.type()).isEqualTo(StreamEvent.SNAPSHOT))
			.thenCancel()
			.verify(WAIT);
	}

	@Test
	void aTombstone_isStreamedAsARemovalAndLeavesLaterSnapshots() {
		this.view.apply(anActiveDemo());

		StepVerifier.create(this.stream.open(TENANT_A, null))
			.assertNext((event) -> assertThat(event.snapshot().integrations()).hasSize(1))
			.then(() -> this.view.remove(anActiveDemo().integrationId()))
			.assertNext((event) -> {
				assertThat(event.change().removed()).isTrue();
				assertThat(event.change().status().integrationId()).isEqualTo(anActiveDemo().integrationId());
			})
			.thenCancel()
			.verify(WAIT);
		StepVerifier.create(this.stream.open(TENANT_A, null))
			.assertNext((event) -> assertThat(event.snapshot().integrations()).isEmpty())
			.thenCancel()
			.verify(WAIT);
	}

	@Test
	void aSlowSubscriber_isDroppedWithAResyncWhileOthersKeepEveryChange() {
		IntegrationStatus twilio = aPendingTwilio();
		List<StreamEvent> fast = new CopyOnWriteArrayList<>();
		this.stream.open(TENANT_A, null).subscribe(fast::add);

		StepVerifier.create(this.stream.open(TENANT_A, null), 1)
			.assertNext((event) -> assertThat(event.type()).isEqualTo(StreamEvent.SNAPSHOT))
			.then(() -> {
				for (int version = 1; version <= 5; version++) {
					this.view
						.apply(changed(twilio, IntegrationState.PENDING_VERIFICATION, version, twilio.occurredAt()));
				}
			})
			.thenRequest(Long.MAX_VALUE)
			.expectNextCount(3)
			.assertNext((event) -> assertThat(event.type()).isEqualTo(StreamEvent.RESYNC))
			.expectComplete()
			.verify(WAIT);

		assertThat(fast).hasSize(6);
		assertThat(this.stream.subscribers(TENANT_A)).isOne();
	}

	@Test
	void open_refusesATenantMoreSubscribersThanAllowedButNotOthers() {
		this.stream.open(TENANT_A, null).subscribe();
		this.stream.open(TENANT_A, null).subscribe();

		StepVerifier.create(this.stream.open(TENANT_A, null))
			.expectError(TooManySubscribersException.class)
			.verify(WAIT);
		StepVerifier.create(this.stream.open(TENANT_B, null)).expectNextCount(1).thenCancel().verify(WAIT);
	}

	@Test
	void aStreamThatIsNeverSubscribed_holdsNoPlace() {
		// As WebFlux leaves a stream it cannot answer in an acceptable media type (406).
		for (int unsubscribed = 0; unsubscribed < 3; unsubscribed++) {
			this.stream.open(TENANT_A, null);
		}

		assertThat(this.stream.subscribers(TENANT_A)).isZero();
		StepVerifier.create(this.stream.open(TENANT_A, null))
			.assertNext((event) -> assertThat(event.type()).isEqualTo(StreamEvent.SNAPSHOT))
			.then(() -> assertThat(this.stream.subscribers(TENANT_A)).isOne())
			.thenCancel()
			.verify(WAIT);
		assertThat(this.stream.subscribers(TENANT_A)).isZero();
	}

	@Test
	void aSubscriberThatLeaves_freesItsPlace() {
		this.stream.open(TENANT_A, null).take(1).blockLast(WAIT);
		this.stream.open(TENANT_A, null).take(1).blockLast(WAIT);

		assertThat(this.stream.subscribers(TENANT_A)).isZero();
	}

}
