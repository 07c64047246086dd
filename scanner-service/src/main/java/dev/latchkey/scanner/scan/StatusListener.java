package dev.latchkey.scanner.scan;

import java.util.List;

import dev.latchkey.kafka.KeyedBatches;
import dev.latchkey.kafka.RecordTrace;
import dev.latchkey.schemas.IntegrationStatusChanged;
import dev.latchkey.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Mono;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the scan schedule in step with every integration's status; a tombstone removes
 * it. In order per integration, committed once the schedule holds the poll.
 */
@Component
class StatusListener {

	private final ScheduleService schedule;

	private final KeyedBatches batches;

	StatusListener(ScheduleService schedule, KeyedBatches batches) {
		this.schedule = schedule;
		this.batches = batches;
	}

	@KafkaListener(id = "scanner", groupId = "scanner", topics = Topics.INTEGRATION_STATUS, batch = "true")
	void on(List<ConsumerRecord<String, IntegrationStatusChanged>> records) {
		this.batches.apply(records, (record) -> apply(record.key(), record.value(), RecordTrace.traceparent(record)));
	}

	private Mono<Void> apply(String key, IntegrationStatusChanged status, String cause) {
		if (status == null) {
			return this.schedule.deleted(key);
		}
		return this.schedule.statusChanged(new StatusUpdate(status.getTenantId(), status.getIntegrationId(),
				status.getProvider(), status.getVersion(), status.getState(), status.getOccurredAt(),
				status.getCreatedAt(), status.getExpiresAt(), status.getLastCheckedAt(), status.getNextCheckAt(),
				status.getScanEverySeconds()), cause);
	}

}
