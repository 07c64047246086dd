package dev.latchkey.status.integration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import dev.latchkey.schemas.IntegrationStatusChanged;
import dev.latchkey.schemas.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.stereotype.Component;

/**
 * Replays the whole compacted status topic into the {@link StatusView} on every start,
 * then follows it. Every instance reads every partition: partitions are assigned manually
 * and no group id is set, so nothing is ever committed.
 */
@Component
class StatusListener implements ConsumerSeekAware {

	static final String ID = "status-view";

	private static final Log logger = LogFactory.getLog(StatusListener.class);

	private static final Duration RETRY = Duration.ofMillis(500);

	private static final long METADATA_TIMEOUT_MS = 5000;

	private static final long MIN_TIMEOUT_MS = 100;

	private final StatusView view;

	private final CatchUp catchUp;

	StatusListener(StatusView view, CatchUp catchUp) {
		this.view = view;
		this.catchUp = catchUp;
	}

	@KafkaListener(id = ID, idIsGroup = false,
			topicPartitions = @org.springframework.kafka.annotation.TopicPartition(topic = Topics.INTEGRATION_STATUS,
					partitions = "#{@catchUp.partitions()}"),
			properties = "allow.auto.create.topics=false")
	void on(ConsumerRecord<String, IntegrationStatusChanged> record) {
		if (record.value() == null) {
			this.view.remove(record.key());
		}
		else {
			this.view.apply(toStatus(record.value()));
		}
		reached(record.partition(), record.offset() + 1);
	}

	@Override
	public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
		callback.seekToBeginning(assignments.keySet());
	}

	/**
	 * When nothing arrives, every record fetched so far has been applied or
	 * dead-lettered: the consumer's position is then what the view has reached, even
	 * across offsets that compaction removed.
	 */
	@EventListener(condition = "event.listenerId.startsWith('" + ID + "')")
	void onIdle(ListenerContainerIdleEvent event) {
		for (TopicPartition partition : event.getTopicPartitions()) {
			reached(partition.partition(), event.getConsumer().position(partition));
		}
	}

	private void reached(int partition, long position) {
		if (this.catchUp.reached(partition, position)) {
			logger.info("Status view caught up with " + Topics.INTEGRATION_STATUS + ": " + this.view.size()
					+ " integrations");
		}
	}

	/**
	 * Reads the end offset of every partition of the status topic, waiting for the topic
	 * to exist.
	 * @return per partition, the offset after its last record
	 */
	static Map<Integer, Long> endOffsetsAtStart(ConsumerFactory<?, ?> consumers, Duration wait) {
		Properties overrides = new Properties();
		overrides.setProperty(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
		try (Consumer<?, ?> consumer = consumers.createConsumer(null, "status-view-start", null, overrides)) {
			List<TopicPartition> partitions = awaitPartitions(consumer, wait);
			return consumer.endOffsets(partitions)
				.entrySet()
				.stream()
				.collect(Collectors.toMap((end) -> end.getKey().partition(), Map.Entry::getValue));
		}
	}

	private static List<TopicPartition> awaitPartitions(Consumer<?, ?> consumer, Duration wait) {
		Instant deadline = Instant.now().plus(wait);
		while (true) {
			try {
				long left = Duration.between(Instant.now(), deadline).toMillis();
				Duration timeout = Duration.ofMillis(Math.max(MIN_TIMEOUT_MS, Math.min(METADATA_TIMEOUT_MS, left)));
				List<PartitionInfo> partitions = consumer.partitionsFor(Topics.INTEGRATION_STATUS, timeout);
				if (partitions != null && !partitions.isEmpty()) {
					return partitions.stream()
						.map((info) -> new TopicPartition(info.topic(), info.partition()))
						.toList();
				}
			}
			catch (TimeoutException ex) {
				// Kafka not reachable yet: same as a missing topic, wait for it.
			}
			if (Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("Topic " + Topics.INTEGRATION_STATUS + " could not be read within "
						+ wait + " (latchkey.status.topic-wait): check spring.kafka.bootstrap-servers "
						+ "(KAFKA_BOOTSTRAP_SERVERS) and create the topic, compacted, before starting status-service");
			}
			try {
				Thread.sleep(RETRY.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for topic " + Topics.INTEGRATION_STATUS, ex);
			}
		}
	}

	static IntegrationStatus toStatus(IntegrationStatusChanged event) {
		return new IntegrationStatus(event.getIntegrationId(), event.getTenantId(), event.getProvider(),
				event.getName(), IntegrationState.of(event.getState()), event.getVersion(), event.getPublicFields(),
				event.getOccurredAt(), event.getCreatedAt(), event.getUpdatedAt(), event.getLastVerifiedAt(),
				event.getReason(), event.getLastCheckedAt(), event.getNextCheckAt(),
				event.getFindings()
					.stream()
					.map((finding) -> new Finding(finding.getCode(), finding.getSeverity(), finding.getMessage(),
							finding.getAttributes()))
					.toList(),
				event.getScanEverySeconds());
	}

}
