package dev.latchkey.vault.credential;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.latchkey.schemas.IntegrationStatusChanged;
import dev.latchkey.schemas.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/** Publishes to the compacted status topic, keyed by integration id. */
@Component
class KafkaStatusPublisher implements StatusPublisher {

	private static final Logger logger = LoggerFactory.getLogger(KafkaStatusPublisher.class);

	private final KafkaTemplate<String, Object> kafka;

	private final Clock clock;

	KafkaStatusPublisher(KafkaTemplate<String, Object> kafka, Clock clock) {
		this.kafka = kafka;
		this.clock = clock;
	}

	@Override
	public Mono<Void> publish(Credential credential) {
		IntegrationStatusChanged event = IntegrationStatusChanged.newBuilder()
			.setEventId(UUID.randomUUID().toString())
			.setTenantId(credential.tenantId())
			.setIntegrationId(credential.integrationId())
			.setProvider(credential.provider())
			.setName(credential.name())
			.setOccurredAt(this.clock.instant().truncatedTo(ChronoUnit.MILLIS))
			.setState(credential.state().name())
			.setVersion(credential.version())
			.setPublicFields(credential.publicFields())
			.setCreatedAt(credential.createdAt())
			.setUpdatedAt(credential.updatedAt())
			.setLastVerifiedAt(credential.lastVerifiedAt())
			.setReason(credential.reason())
			.setExpiresAt(credential.expiresAt())
			.setSource(credential.source())
			.setLastCheckedAt(credential.lastCheckedAt())
			.setNextCheckAt(credential.nextCheckAt())
			.setFindings(credential.findings()
				.stream()
				.map((finding) -> dev.latchkey.schemas.Finding.newBuilder()
					.setCode(finding.code())
					.setSeverity(finding.severity())
					.setMessage(finding.message())
					.setAttributes(finding.attributes())
					.build())
				.toList())
			.setScanEverySeconds(credential.scanEverySeconds())
			.build();
		return Mono.fromFuture(() -> this.kafka.send(Topics.INTEGRATION_STATUS, credential.integrationId(), event))
			.doOnNext((sent) -> logger.info("Published status {} of integration {} version {} (event {})",
					credential.state(), credential.integrationId(), credential.version(), event.getEventId()))
			.then();
	}

	@Override
	public Mono<Void> remove(Credential credential) {
		return Mono.fromFuture(() -> this.kafka.send(Topics.INTEGRATION_STATUS, credential.integrationId(), null))
			.doOnNext((sent) -> logger.info("Published the tombstone of integration {} (deleted at version {})",
					credential.integrationId(), credential.version()))
			.then();
	}

}
