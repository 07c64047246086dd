package dev.latchkey.bench.raw;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Size of the records the baseline produces and the partitions of its topic, taken from
 * the real topic: the average key and value of the records already on it (the warm-up put
 * some there), or an estimate when it holds none.
 *
 * @param keySize bytes of a key
 * @param valueSize bytes of a value as written on the topic (Avro in the Confluent wire
 * format, with the HPKE-sealed secret)
 * @param partitions partitions of the real topic
 * @param measured whether the sizes come from real records
 */
record RecordShape(int keySize, int valueSize, int partitions, boolean measured) {

	/**
	 * A {@code CredentialReceived} of a demo key: ids, tenant, provider, name, instant,
	 * source and about 130 bytes of sealed secret (HPKE encapsulated key, tag, Tink
	 * prefix) in Avro.
	 */
	static final int ESTIMATED_VALUE_SIZE = 330;

	static final int KEY_SIZE = 30;

	static RecordShape measure(String kafka, String topic, int valueSizeOverride) {
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
				new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
			List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
			List<TopicPartition> partitions = infos.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			if (valueSizeOverride > 0) {
				return new RecordShape(KEY_SIZE, valueSizeOverride, partitions.size(), false);
			}
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			long keys = 0;
			long values = 0;
			int count = 0;
			long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
			while (count < 200 && System.nanoTime() < deadline) {
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					if (record.key() != null && record.value() != null && count < 200) {
						keys += record.key().length;
						values += record.value().length;
						count++;
					}
				}
			}
			if (count == 0) {
				return new RecordShape(KEY_SIZE, ESTIMATED_VALUE_SIZE, partitions.size(), false);
			}
			return new RecordShape((int) (keys / count), (int) (values / count), partitions.size(), true);
		}
	}

}
