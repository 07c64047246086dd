package dev.latchkey.collector.credential;

import java.nio.ByteBuffer;

import dev.latchkey.schemas.CredentialReceived;
import dev.latchkey.schemas.Topics;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes {@link CredentialReceived} keyed by integration id (idempotent producer,
 * {@code acks=all}, configured in application.yml) and completes on the broker's
 * acknowledgement.
 */
@Component
class KafkaCredentialPublisher implements CredentialPublisher {

	private final KafkaTemplate<String, CredentialReceived> kafka;

	KafkaCredentialPublisher(KafkaTemplate<String, CredentialReceived> kafka) {
		this.kafka = kafka;
	}

	@Override
	public Mono<Void> publish(SealedCredential credential) {
		CredentialReceived event = toEvent(credential);
		// send() can block (metadata, schema registration), so not on an event-loop
		// thread.
		return Mono.fromFuture(() -> this.kafka.send(Topics.CREDENTIAL_RECEIVED, credential.integrationId(), event))
			.subscribeOn(Schedulers.boundedElastic())
			.publishOn(Schedulers.parallel())
			.then();
	}

	static CredentialReceived toEvent(SealedCredential credential) {
		return CredentialReceived.newBuilder()
			.setEventId(credential.eventId())
			.setTenantId(credential.tenantId())
			.setIntegrationId(credential.integrationId())
			.setProvider(credential.provider())
			.setName(credential.name())
			.setOccurredAt(credential.occurredAt())
			.setSource(credential.source())
			.setPublicFields(credential.publicFields())
			.setSealedSecret(ByteBuffer.wrap(credential.sealedSecret()))
			.setExpiresAt(credential.expiresAt())
			.setScopes(credential.scopes())
			.setBasedOnVersion(credential.basedOnVersion())
			.setScanEverySeconds(credential.scanEverySeconds())
			.build();
	}

}
