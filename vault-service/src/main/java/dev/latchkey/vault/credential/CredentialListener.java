package dev.latchkey.vault.credential;

import java.nio.ByteBuffer;
import java.util.List;

import dev.latchkey.schemas.CredentialReceived;
import dev.latchkey.kafka.KeyedBatches;
import dev.latchkey.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Submitted credentials, a poll at a time: each integration's in order, different
 * integrations concurrently ({@link KeyedBatches}); the poll is committed once all of it
 * is stored and published.
 */
@Component
class CredentialListener {

	private final CredentialService service;

	private final CredentialProperties properties;

	private final KeyedBatches batches;

	CredentialListener(CredentialService service, CredentialProperties properties, KeyedBatches batches) {
		this.service = service;
		this.properties = properties;
		this.batches = batches;
	}

	@KafkaListener(topics = Topics.CREDENTIAL_RECEIVED, groupId = "vault", batch = "true")
	void on(List<ConsumerRecord<String, CredentialReceived>> records) {
		this.batches.apply(records,
				(record) -> this.service.store(submission(record.value())).timeout(this.properties.applyTimeout()));
	}

	private static Submission submission(CredentialReceived event) {
		return new Submission(event.getEventId(), event.getTenantId(), event.getIntegrationId(), event.getProvider(),
				event.getName(), event.getOccurredAt(), event.getSource(), event.getPublicFields(),
				bytes(event.getSealedSecret()), event.getExpiresAt(), event.getBasedOnVersion(),
				event.getScanEverySeconds());
	}

	private static byte[] bytes(ByteBuffer buffer) {
		ByteBuffer copy = buffer.duplicate();
		byte[] bytes = new byte[copy.remaining()];
		copy.get(bytes);
		return bytes;
	}

}
