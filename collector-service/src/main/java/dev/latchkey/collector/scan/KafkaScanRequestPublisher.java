package dev.latchkey.collector.scan;

import dev.latchkey.schemas.ScanRequested;
import dev.latchkey.schemas.Topics;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes {@link ScanRequested} on {@link Topics#SCAN_REQUESTED} keyed by integration
 * id (the shared idempotent producer, {@code acks=all}) and completes on the broker's
 * acknowledgement.
 */
@Component
class KafkaScanRequestPublisher implements ScanRequestPublisher {

	private final KafkaTemplate<String, Object> kafka;

	KafkaScanRequestPublisher(KafkaTemplate<String, Object> kafka) {
		this.kafka = kafka;
	}

	@Override
	public Mono<Void> publish(ScanRequest request) {
		ScanRequested event = ScanRequested.newBuilder()
			.setEventId(request.eventId())
			.setTenantId(request.tenantId())
			.setIntegrationId(request.integrationId())
			.setProvider(request.provider())
			.setOccurredAt(request.requestedAt())
			.build();
		// send() can block (metadata, schema registration), so not on an event-loop
		// thread.
		return Mono.fromFuture(() -> this.kafka.send(Topics.SCAN_REQUESTED, request.integrationId(), event))
			.subscribeOn(Schedulers.boundedElastic())
			.publishOn(Schedulers.parallel())
			.then();
	}

}
