package dev.latchkey.vault.credential;

import java.util.List;

import dev.latchkey.kafka.KeyedBatches;
import dev.latchkey.schemas.ScanCompleted;
import dev.latchkey.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Scan results, a poll at a time: in order per integration, integrations concurrently.
 */
@Component
class ScanListener {

	private final CredentialService service;

	private final CredentialProperties properties;

	private final KeyedBatches batches;

	ScanListener(CredentialService service, CredentialProperties properties, KeyedBatches batches) {
		this.service = service;
		this.properties = properties;
		this.batches = batches;
	}

	@KafkaListener(topics = Topics.SCAN_COMPLETED, groupId = "vault", batch = "true")
	void on(List<ConsumerRecord<String, ScanCompleted>> records) {
		this.batches.apply(records,
				(record) -> this.service.recordScan(scan(record.value())).timeout(this.properties.applyTimeout()));
	}

	private static ScanResult scan(ScanCompleted event) {
		return new ScanResult(event.getEventId(), event.getTenantId(), event.getIntegrationId(), event.getVersion(),
				ScanOutcome.parse(event.getOutcome()), event.getReason(), event.getOccurredAt(), event.getTrigger(),
				event.getHttpStatus(), event.getLatencyMillis(),
				event.getFindings()
					.stream()
					.map((finding) -> new Finding(finding.getCode(), finding.getSeverity(), finding.getMessage(),
							finding.getAttributes()))
					.toList(),
				event.getNextCheckAt(), event.getConsecutiveFailures());
	}

}
