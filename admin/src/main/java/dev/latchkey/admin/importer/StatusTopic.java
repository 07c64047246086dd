package dev.latchkey.admin.importer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.latchkey.admin.KafkaSecurity;
import dev.latchkey.kafka.KafkaDefaults;
import dev.latchkey.schemas.IntegrationStatusChanged;
import dev.latchkey.schemas.Topics;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The compacted status topic, read from the start: every integration's latest status
 * (what exists already, for telling created from updated), then followed for as long as
 * {@code --verify} waits. Assigned, not subscribed: no consumer group, nothing committed.
 */
final class StatusTopic implements AutoCloseable {

	private final Consumer<String, IntegrationStatusChanged> consumer;

	private final Map<String, IntegrationStatusChanged> latest = new HashMap<>();

	private final Set<String> deleted = new HashSet<>();

	private final List<TopicPartition> partitions = new ArrayList<>();

	StatusTopic(Consumer<String, IntegrationStatusChanged> consumer) {
		this.consumer = consumer;
	}

	static StatusTopic connect(String bootstrapServers, String registryUrl) {
		Map<String, Object> config = new HashMap<>(KafkaDefaults.serdeProperties(registryUrl));
		config.putAll(KafkaSecurity.fromEnvironment());
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.CLIENT_ID_CONFIG, "latchkey-admin-import-" + UUID.randomUUID());
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
		config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
		AvroKafkaDeserializer<IntegrationStatusChanged> values = new AvroKafkaDeserializer<>();
		values.configure(config, false);
		return new StatusTopic(new KafkaConsumer<>(config, new StringDeserializer(), values));
	}

	/** Reads the topic up to where it ends now; tombstones remove integrations. */
	Map<String, IntegrationStatusChanged> catchUp() {
		if (this.partitions.isEmpty()) {
			List<PartitionInfo> infos = this.consumer.partitionsFor(Topics.INTEGRATION_STATUS, Duration.ofSeconds(15));
			if (infos == null || infos.isEmpty()) {
				return Map.copyOf(this.latest);
			}
			infos.forEach((info) -> this.partitions.add(new TopicPartition(info.topic(), info.partition())));
			this.consumer.assign(this.partitions);
			this.consumer.seekToBeginning(this.partitions);
		}
		Map<TopicPartition, Long> end = this.consumer.endOffsets(this.partitions);
		while (this.partitions.stream()
			.anyMatch((partition) -> this.consumer.position(partition) < end.get(partition))) {
			poll(Duration.ofMillis(200));
		}
		return Map.copyOf(this.latest);
	}

	/**
	 * Reads what arrived within {@code wait}, then the latest status of each integration.
	 */
	Map<String, IntegrationStatusChanged> follow(Duration wait) {
		if (this.partitions.isEmpty()) {
			catchUp();
			if (this.partitions.isEmpty()) {
				sleep(wait);
				return Map.copyOf(this.latest);
			}
		}
		poll(wait);
		return Map.copyOf(this.latest);
	}

	private void poll(Duration wait) {
		for (ConsumerRecord<String, IntegrationStatusChanged> record : this.consumer.poll(wait)) {
			if (record.value() == null) {
				this.latest.remove(record.key());
				this.deleted.add(record.key());
			}
			else {
				this.latest.put(record.key(), record.value());
				this.deleted.remove(record.key());
			}
		}
	}

	/** Integrations whose latest record is a tombstone (deleted). */
	Set<String> deleted() {
		return Set.copyOf(this.deleted);
	}

	private static void sleep(Duration wait) {
		try {
			Thread.sleep(wait.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		this.consumer.close();
	}

}
