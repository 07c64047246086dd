package dev.latchkey.scanner.scan;

import java.time.Duration;

import dev.latchkey.schemas.IntegrationStatusChanged;
import dev.latchkey.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Starts a scan for every new credential version; tombstones and other states are
 * ignored.
 */
@Component
class StatusListener {

	static final String PENDING_VERIFICATION = "PENDING_VERIFICATION";

	/** Longer than a lease plus a probe, shorter than the consumer's poll interval. */
	private static final Duration DEADLINE = Duration.ofMinutes(1);

	private final ScanService scans;

	StatusListener(ScanService scans) {
		this.scans = scans;
	}

	@KafkaListener(id = "scanner", groupId = "scanner", topics = Topics.INTEGRATION_STATUS)
	void on(ConsumerRecord<String, IntegrationStatusChanged> record) {
		IntegrationStatusChanged status = record.value();
		if (status != null && PENDING_VERIFICATION.equals(status.getState())) {
			this.scans
				.scan(new ScanRequest(status.getTenantId(), status.getIntegrationId(), status.getProvider(),
						status.getVersion()))
				.block(DEADLINE);
		}
	}

}
