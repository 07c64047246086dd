package dev.latchkey.bench.raw;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import dev.latchkey.bench.Arguments;
import dev.latchkey.bench.Figures;
import dev.latchkey.bench.Latencies;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.bson.Document;
import org.bson.types.Binary;

/**
 * The raw baseline of P1: what the same broker and the same MongoDB do with records of
 * the size of a real {@code CredentialReceived}, without services, crypto or HTTP.
 * Records are produced with the same number in flight as the ingest's requests
 * (idempotent producer, {@code acks=all}, like the collector) to a topic of the bench
 * with as many partitions as {@code latchkey.credential-received}; one consumer inserts
 * them into MongoDB with write concern {@code majority} + journal (like every service)
 * and commits the offsets after each write. {@code --write bulk} inserts each polled
 * batch with one {@code insertMany}; {@code --write each} one {@code insertOne} per
 * record.
 */
public final class RawPipeline {

	/** The topic whose records the baseline imitates. */
	static final String SOURCE_TOPIC = "latchkey.credential-received";

	private RawPipeline() {
	}

	public static void main(Arguments args) throws Exception {
		String kafka = args.text("kafka");
		int records = args.number("records", 1000);
		int concurrency = args.number("concurrency", 16);
		String label = args.text("label", "raw");
		boolean bulk = args.text("write", "bulk").equals("bulk");
		RecordShape shape = RecordShape.measure(kafka, SOURCE_TOPIC, args.number("value-size", 0));
		String topic = "bench.raw." + label + "." + System.currentTimeMillis();
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
			admin.createTopics(List.of(new NewTopic(topic, shape.partitions(), (short) 1)))
				.all()
				.get(30, TimeUnit.SECONDS);
		}
		MongoClientSettings settings = MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString(args.text("mongo")))
			.writeConcern(WriteConcern.MAJORITY.withJournal(true))
			.build();
		long[] sentAt = new long[records];
		AtomicLongArray storedAt = new AtomicLongArray(records);
		try (MongoClient mongo = MongoClients.create(settings)) {
			MongoCollection<Document> collection = mongo.getDatabase("bench_raw")
				.getCollection(topic.replace('.', '_'));
			Inserter inserter = new Inserter(kafka, topic, label, collection, bulk, storedAt, records);
			Thread consumer = new Thread(inserter, "raw-consumer");
			consumer.start();
			inserter.awaitAssigned();
			System.out.printf("%s: %d records of %d + %d bytes, %d partitions, %d in flight, %s writes%n", label,
					records, shape.keySize(), shape.valueSize(), shape.partitions(), concurrency,
					bulk ? "bulk" : "one-by-one");
			long start = System.nanoTime();
			produce(kafka, topic, shape, records, concurrency, sentAt);
			awaitStored(inserter, consumer);

			long last = start;
			int stored = 0;
			long[] nanos = new long[records];
			for (int i = 0; i < records; i++) {
				long at = storedAt.get(i);
				if (at != 0) {
					nanos[stored++] = at - sentAt[i];
					last = Math.max(last, at);
				}
			}
			Latencies latencies = new Latencies(java.util.Arrays.copyOf(nanos, stored));
			new Figures().put("label", label)
				.put("records", records)
				.put("concurrency", concurrency)
				.put("write", bulk ? "bulk" : "each")
				.put("key_bytes", shape.keySize())
				.put("value_bytes", shape.valueSize())
				.put("value_bytes_source", shape.measured() ? "measured" : "estimated")
				.put("partitions", shape.partitions())
				.put("stored", stored)
				.put("stored_per_s", (stored == 0) ? Double.NaN : stored / ((last - start) / 1e9))
				.put("stored_seconds", (last - start) / 1e9)
				.put("produce_to_stored_p50_ms", latencies.percentileMillis(50))
				.put("produce_to_stored_p99_ms", latencies.percentileMillis(99))
				.put("produce_to_stored_max_ms", latencies.maxMillis())
				.report(args.text("out", null));
		}
	}

	/** Until every record is stored, or nothing more was for 30 s. */
	private static void awaitStored(Inserter inserter, Thread consumer) throws InterruptedException {
		int seen = -1;
		long progressAt = System.nanoTime();
		while (consumer.isAlive()) {
			consumer.join(200);
			if (inserter.stored() != seen) {
				seen = inserter.stored();
				progressAt = System.nanoTime();
			}
			else if (System.nanoTime() - progressAt > TimeUnit.SECONDS.toNanos(30)) {
				System.out.printf("only %d records stored, nothing more for 30 s: giving up%n", seen);
				inserter.stop();
			}
		}
	}

	private static void produce(String kafka, String topic, RecordShape shape, int records, int concurrency,
			long[] sentAt) throws InterruptedException {
		Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.ACKS_CONFIG,
				"all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		Random random = new Random(42);
		Semaphore inFlight = new Semaphore(concurrency);
		try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(),
				new ByteArraySerializer())) {
			for (int i = 0; i < records; i++) {
				byte[] value = new byte[shape.valueSize()];
				random.nextBytes(value);
				inFlight.acquire();
				sentAt[i] = System.nanoTime();
				producer.send(new ProducerRecord<>(topic, key(i, shape.keySize()), value),
						(metadata, failure) -> inFlight.release());
			}
			producer.flush();
		}
	}

	/**
	 * A key as long as an integration id ({@code int_} and 26 characters) holding the
	 * index.
	 */
	static String key(int index, int size) {
		String digits = Integer.toString(index);
		return "int_" + "0".repeat(Math.max(0, size - 4 - digits.length())) + digits;
	}

	static int indexOf(String key) {
		return Integer.parseInt(key.substring(4));
	}

	/** Consumes the bench topic and stores every record, committing after each write. */
	private static final class Inserter implements Runnable {

		private final KafkaConsumer<String, byte[]> consumer;

		private final String topic;

		private final MongoCollection<Document> collection;

		private final boolean bulk;

		private final AtomicLongArray storedAt;

		private final int expected;

		private final CountDownLatch assigned = new CountDownLatch(1);

		private volatile boolean stopped;

		private volatile int stored;

		Inserter(String kafka, String topic, String label, MongoCollection<Document> collection, boolean bulk,
				AtomicLongArray storedAt, int expected) {
			this.consumer = new KafkaConsumer<>(
					Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ConsumerConfig.GROUP_ID_CONFIG,
							"bench-raw-" + topic, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
							ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
					new StringDeserializer(), new ByteArrayDeserializer());
			this.topic = topic;
			this.collection = collection;
			this.bulk = bulk;
			this.storedAt = storedAt;
			this.expected = expected;
		}

		void awaitAssigned() throws InterruptedException {
			if (!this.assigned.await(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("the raw consumer got no partitions within 60 s");
			}
		}

		void stop() {
			this.stopped = true;
		}

		int stored() {
			return this.stored;
		}

		@Override
		public void run() {
			try (this.consumer) {
				this.consumer.subscribe(List.of(this.topic), new ConsumerRebalanceListener() {
					@Override
					public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
					}

					@Override
					public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
						Inserter.this.assigned.countDown();
					}
				});
				while (this.stored < this.expected && !this.stopped) {
					ConsumerRecords<String, byte[]> batch = this.consumer.poll(Duration.ofMillis(100));
					if (batch.isEmpty()) {
						continue;
					}
					List<Document> documents = new ArrayList<>(batch.count());
					for (ConsumerRecord<String, byte[]> record : batch) {
						Document document = new Document("_id", record.key())
							.append("payload", new Binary(record.value()))
							.append("partition", record.partition())
							.append("offset", record.offset());
						if (this.bulk) {
							documents.add(document);
						}
						else {
							this.collection.insertOne(document);
						}
					}
					if (this.bulk) {
						this.collection.insertMany(documents, new InsertManyOptions().ordered(false));
					}
					this.consumer.commitSync();
					long now = System.nanoTime();
					for (ConsumerRecord<String, byte[]> record : batch) {
						this.storedAt.set(indexOf(record.key()), now);
					}
					this.stored += batch.count();
				}
			}
		}

	}

}
