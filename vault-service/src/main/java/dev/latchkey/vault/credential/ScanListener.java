package dev.latchkey.vault.credential;

import dev.latchkey.schemas.ScanCompleted;
import dev.latchkey.schemas.Topics;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Scan results, one at a time per partition. */
@Component
class ScanListener {

	private final CredentialService service;

	private final CredentialProperties properties;

	ScanListener(CredentialService service, CredentialProperties properties) {
		this.service = service;
		this.properties = properties;
	}

	@KafkaListener(topics = Topics.SCAN_COMPLETED, groupId = "vault")
	void on(ScanCompleted event) {
		ScanResult scan = new ScanResult(event.getEventId(), event.getTenantId(), event.getIntegrationId(),
				event.getVersion(), ScanOutcome.parse(event.getOutcome()), event.getReason(), event.getOccurredAt());
		this.service.recordScan(scan).block(this.properties.applyTimeout());
	}

}
