package dev.latchkey.vault.credential;

import java.nio.ByteBuffer;

import dev.latchkey.schemas.CredentialReceived;
import dev.latchkey.schemas.Topics;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Submitted credentials, one at a time per partition so each integration's stay ordered.
 */
@Component
class CredentialListener {

	private final CredentialService service;

	private final CredentialProperties properties;

	CredentialListener(CredentialService service, CredentialProperties properties) {
		this.service = service;
		this.properties = properties;
	}

	@KafkaListener(topics = Topics.CREDENTIAL_RECEIVED, groupId = "vault")
	void on(CredentialReceived event) {
		Submission submission = new Submission(event.getEventId(), event.getTenantId(), event.getIntegrationId(),
				event.getProvider(), event.getName(), event.getOccurredAt(), event.getSource(), event.getPublicFields(),
				bytes(event.getSealedSecret()), event.getExpiresAt(), event.getBasedOnVersion());
		this.service.store(submission).block(this.properties.applyTimeout());
	}

	private static byte[] bytes(ByteBuffer buffer) {
		ByteBuffer copy = buffer.duplicate();
		byte[] bytes = new byte[copy.remaining()];
		copy.get(bytes);
		return bytes;
	}

}
