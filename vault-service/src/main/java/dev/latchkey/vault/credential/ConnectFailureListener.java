package dev.latchkey.vault.credential;

import dev.latchkey.schemas.ConnectFailed;
import dev.latchkey.schemas.Topics;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Failed OAuth connects from the collector, one at a time per partition. */
@Component
class ConnectFailureListener {

	private final CredentialService service;

	private final CredentialProperties properties;

	ConnectFailureListener(CredentialService service, CredentialProperties properties) {
		this.service = service;
		this.properties = properties;
	}

	@KafkaListener(topics = Topics.CONNECT_FAILED, groupId = "vault")
	void on(ConnectFailed event) {
		this.service
			.recordConnectFailure(new ConnectFailure(event.getEventId(), event.getTenantId(), event.getIntegrationId(),
					event.getProvider(), event.getName(), event.getReason()))
			.block(this.properties.applyTimeout());
	}

}
