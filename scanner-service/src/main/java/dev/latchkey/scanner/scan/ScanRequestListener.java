package dev.latchkey.scanner.scan;

import java.util.List;

import dev.latchkey.kafka.KeyedBatches;
import dev.latchkey.kafka.RecordTrace;
import dev.latchkey.schemas.ScanRequested;
import dev.latchkey.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Mono;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** A tenant's "scan this now": the integration becomes due at once. */
@Component
class ScanRequestListener {

	private final ScheduleService schedule;

	private final KeyedBatches batches;

	ScanRequestListener(ScheduleService schedule, KeyedBatches batches) {
		this.schedule = schedule;
		this.batches = batches;
	}

	@KafkaListener(id = "scanner-requests", groupId = "scanner-requests", topics = Topics.SCAN_REQUESTED,
			batch = "true")
	void on(List<ConsumerRecord<String, ScanRequested>> records) {
		this.batches.apply(records,
				(record) -> (record.value() != null) ? this.schedule.scanRequested(record.value().getTenantId(),
						record.value().getIntegrationId(), RecordTrace.traceparent(record)) : Mono.empty());
	}

}
