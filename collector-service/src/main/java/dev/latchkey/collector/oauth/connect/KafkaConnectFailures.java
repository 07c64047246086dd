package dev.latchkey.collector.oauth.connect;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.latchkey.schemas.ConnectFailed;
import dev.latchkey.schemas.Topics;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Publishes {@link ConnectFailed} keyed by integration id. */
@Component
class KafkaConnectFailures implements ConnectFailures {

	private final KafkaTemplate<String, Object> kafka;

	private final Clock clock;

	KafkaConnectFailures(KafkaTemplate<String, Object> kafka, Clock clock) {
		this.kafka = kafka;
		this.clock = clock;
	}

	@Override
	public Mono<Void> publish(PendingConnect connect, String integrationId, String reason) {
		ConnectFailed event = ConnectFailed.newBuilder()
			.setEventId(UUID.randomUUID().toString())
			.setTenantId(connect.tenantId())
			.setIntegrationId(integrationId)
			.setProvider(connect.provider())
			.setName(connect.name())
			.setReason(reason)
			.setOccurredAt(this.clock.instant().truncatedTo(ChronoUnit.MILLIS))
			.build();
		return Mono.fromFuture(() -> this.kafka.send(Topics.CONNECT_FAILED, integrationId, event))
			.subscribeOn(Schedulers.boundedElastic())
			.then();
	}

}
