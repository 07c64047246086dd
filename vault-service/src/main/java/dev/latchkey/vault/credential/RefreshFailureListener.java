package dev.latchkey.vault.credential;

import dev.latchkey.schemas.Topics;
import dev.latchkey.schemas.TokenRefreshFailed;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Refresh failures from the collector, one at a time per partition. */
@Component
class RefreshFailureListener {

	private final CredentialService service;

	private final CredentialProperties properties;

	RefreshFailureListener(CredentialService service, CredentialProperties properties) {
		this.service = service;
		this.properties = properties;
	}

	@KafkaListener(topics = Topics.TOKEN_REFRESH_FAILED, groupId = "vault")
	void on(TokenRefreshFailed event) {
		RefreshFailure failure = new RefreshFailure(event.getEventId(), event.getTenantId(), event.getIntegrationId(),
				event.getVersion(), CredentialState.valueOf(event.getState()), event.getReason());
		this.service.recordRefreshFailure(failure).block(this.properties.applyTimeout());
	}

}
