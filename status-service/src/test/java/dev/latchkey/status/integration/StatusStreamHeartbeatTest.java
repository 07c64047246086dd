package dev.latchkey.status.integration;

import java.time.Duration;
import java.util.Map;

import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.websecurity.TenantId;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The status stream's heartbeats, on a virtual clock. */
class StatusStreamHeartbeatTest {

	private static final Duration HEARTBEAT = Duration.ofMillis(100);

	private final StatusView view = new StatusView();

	@Test
	void stream_sendsTheSnapshotFirstEvenWhenOpeningTakesLongerThanAHeartbeat() {
		StatusStream slowToOpen = new StatusStream(this.view, 8, 1, 8) {

			@Override
			Flux<StreamEvent> open(String tenantId, String lastEventId) {
				// As when the subscribing thread is descheduled or paused for a GC.
				return Flux.defer(() -> {
					VirtualTimeScheduler.get().advanceTimeBy(HEARTBEAT.multipliedBy(3));
					return super.open(tenantId, lastEventId);
				});
			}

		};

		StepVerifier.withVirtualTime(() -> controllerOf(slowToOpen).stream(new TenantId("tenant-slow"), null))
			.assertNext((event) -> assertThat(event.event()).isEqualTo(StreamEvent.SNAPSHOT))
			.thenAwait(HEARTBEAT)
			.assertNext((event) -> assertThat(event.comment()).isEqualTo("heartbeat"))
			.thenCancel()
			.verify(Duration.ofSeconds(5));
		assertThat(slowToOpen.subscribers("tenant-slow")).isZero();
	}

	@Test
	void stream_endsAfterTheResyncOfASubscriberThatFellBehind() {
		StatusStream oneEventBuffer = new StatusStream(this.view, 1, 1, 8);
		IntegrationStatus demo = Fixtures.anIntegration("tenant-slow", "demo", "default", IntegrationState.ACTIVE);

		StepVerifier.withVirtualTime(() -> controllerOf(oneEventBuffer).stream(new TenantId("tenant-slow"), null), 1)
			.assertNext((event) -> assertThat(event.event()).isEqualTo(StreamEvent.SNAPSHOT))
			.then(() -> {
				// More than the buffer and what the operators in between hold.
				for (int version = 1; version <= 100; version++) {
					this.view.apply(Fixtures.changed(demo, IntegrationState.ACTIVE, version, demo.occurredAt()));
				}
			})
			.thenRequest(Long.MAX_VALUE)
			.thenConsumeWhile((event) -> StreamEvent.CHANGE.equals(event.event()))
			.assertNext((event) -> assertThat(event.event()).isEqualTo(StreamEvent.RESYNC))
			.expectComplete()
			.verify(Duration.ofSeconds(5));
		assertThat(oneEventBuffer.subscribers("tenant-slow")).isZero();
	}

	private StatusController controllerOf(StatusStream stream) {
		StatusProperties properties = new StatusProperties(Duration.ofSeconds(1),
				new StatusProperties.Stream(HEARTBEAT, 8, 1, 8));
		return new StatusController(this.view, stream, new CatchUp(Map.of(0, 0L)), ProviderCatalogue.builtIn(),
				properties, JsonMapper.shared());
	}

}
