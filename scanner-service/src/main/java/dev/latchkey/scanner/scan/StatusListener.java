package dev.latchkey.scanner.scan;

import java.time.Duration;
import java.util.List;

import dev.latchkey.kafka.KeyedBatches;
import dev.latchkey.schemas.IntegrationStatusChanged;
import dev.latchkey.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Mono;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Starts a scan for every new credential version; tombstones and other states are
 * ignored. A poll is scanned in order per integration, integrations concurrently (at most
 * {@code latchkey.kafka.batch-concurrency} at once), and committed once every scan was
 * recorded and reported.
 */
@Component
class StatusListener {

	static final String PENDING_VERIFICATION = "PENDING_VERIFICATION";

	/** Longer than a lease plus a probe, shorter than the consumer's poll interval. */
	private static final Duration DEADLINE = Duration.ofMinutes(1);

	private final ScanService scans;

	private final KeyedBatches batches;

	StatusListener(ScanService scans, KeyedBatches batches) {
		this.scans = scans;
		this.batches = batches;
	}

	@KafkaListener(id = "scanner", groupId = "scanner", topics = Topics.INTEGRATION_STATUS, batch = "true")
	void on(List<ConsumerRecord<String, IntegrationStatusChanged>> records) {
		this.batches.apply(records, (record) -> scan(record.value()));
	}

	private Mono<?> scan(IntegrationStatusChanged status) {
		if (status == null || !PENDING_VERIFICATION.equals(status.getState())) {
			return Mono.empty();
		}
		return this.scans
			.scan(new ScanRequest(status.getTenantId(), status.getIntegrationId(), status.getProvider(),
					status.getVersion()))
			.timeout(DEADLINE);
	}

}
