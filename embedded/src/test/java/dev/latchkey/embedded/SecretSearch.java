package dev.latchkey.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.bson.RawBsonDocument;

/**
 * Looks for a secret everywhere the system keeps or shows data: every record of every
 * topic (keys, values, headers), every MongoDB document, and every file below a directory
 * (logs, broker segments, database and registry files).
 */
final class SecretSearch {

	private final byte[] needle;

	SecretSearch(String secret) {
		this.needle = secret.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * @return where the secret was found, as "topic/partition@offset"
	 */
	List<String> inTopics(String bootstrapServers) {
		List<String> found = new ArrayList<>();
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
				KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
						Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
								ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
								ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
			Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
			List<TopicPartition> partitions = new ArrayList<>();
			for (String topic : topics) {
				for (PartitionInfo info : consumer.partitionsFor(topic)) {
					partitions.add(new TopicPartition(topic, info.partition()));
				}
			}
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
			long deadline = System.currentTimeMillis() + 60_000;
			while (partitions.stream().anyMatch((p) -> consumer.position(p) < end.get(p))
					&& System.currentTimeMillis() < deadline) {
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					boolean inHeaders = false;
					for (Header header : record.headers()) {
						inHeaders |= contains(header.value())
								|| contains(header.key().getBytes(StandardCharsets.UTF_8));
					}
					if (contains(record.key()) || contains(record.value()) || inHeaders) {
						found.add(record.topic() + "/" + record.partition() + "@" + record.offset());
					}
				}
			}
			return found;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not read every topic", ex);
		}
	}

	/**
	 * @return where the secret was found, as "database.collection"
	 */
	List<String> inMongo(String connectionString) {
		List<String> found = new ArrayList<>();
		try (MongoClient client = MongoClients.create(connectionString)) {
			for (String databaseName : client.listDatabaseNames()) {
				MongoDatabase database = client.getDatabase(databaseName);
				for (String collection : database.listCollectionNames()) {
					for (RawBsonDocument document : database.getCollection(collection, RawBsonDocument.class).find()) {
						byte[] bytes = new byte[document.getByteBuffer().remaining()];
						document.getByteBuffer().get(bytes);
						if (contains(bytes) || contains(document.toJson().getBytes(StandardCharsets.UTF_8))) {
							found.add(databaseName + "." + collection);
						}
					}
				}
			}
		}
		return found;
	}

	/**
	 * @return the files below {@code dir} holding the secret
	 */
	List<Path> inFiles(Path dir) {
		try (Stream<Path> files = Files.walk(dir)) {
			return files.filter(Files::isRegularFile).filter(this::fileContains).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	List<String> inTexts(List<String> texts) {
		return texts.stream().filter((text) -> contains(text.getBytes(StandardCharsets.UTF_8))).toList();
	}

	private boolean fileContains(Path file) {
		try {
			return contains(Files.readAllBytes(file));
		}
		catch (IOException ex) {
			// a file that vanished while walking (e.g. a rolled segment) holds nothing
			// now
			return false;
		}
	}

	boolean contains(byte[] haystack) {
		if (haystack == null) {
			return false;
		}
		for (int i = 0; i <= haystack.length - this.needle.length; i++) {
			if (Arrays.equals(haystack, i, i + this.needle.length, this.needle, 0, this.needle.length)) {
				return true;
			}
		}
		return false;
	}

}
