package dev.latchkey.admin;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import dev.latchkey.kafka.DeadLetters;
import dev.latchkey.schemas.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Reads dead-letter topics up to where they ended when it started and, unless it is a dry
 * run, sends each record's original key and bytes back to the topic it came from, then
 * commits its own consumer group's offsets. Running it again replays only what was
 * dead-lettered since; a crash between the send and the commit replays a record twice,
 * which every consumer absorbs (they are idempotent by event id).
 */
final class DeadLetterReplay {

	/** The consumer group whose offsets remember what was replayed. */
	static final String GROUP = "latchkey-admin-replay";

	/** Header added to a replayed record: where it was replayed from. */
	static final String REPLAYED_FROM_HEADER = "latchkey-replayed-from";

	private static final String ORIGINAL_TOPIC_HEADER = "kafka_dlt-original-topic";

	private final Consumer<String, byte[]> consumer;

	private final Producer<String, byte[]> producer;

	DeadLetterReplay(Consumer<String, byte[]> consumer, Producer<String, byte[]> producer) {
		this.consumer = consumer;
		this.producer = producer;
	}

	/** The dead-letter topics of every declared topic. */
	static List<String> allDeadLetterTopics() {
		return Topics.declarations()
			.stream()
			.map(Topics.Declaration::name)
			.filter((name) -> name.endsWith(Topics.DEAD_LETTER_SUFFIX))
			.toList();
	}

	/**
	 * Replays (or, on a dry run, counts) what the given dead-letter topics hold past this
	 * tool's committed offsets.
	 */
	Report run(List<String> deadLetterTopics, boolean dryRun) throws InterruptedException {
		List<TopicPartition> partitions = new ArrayList<>();
		for (String topic : deadLetterTopics) {
			List<PartitionInfo> infos = this.consumer.partitionsFor(topic, Duration.ofSeconds(30));
			if (infos != null) {
				infos.forEach((info) -> partitions.add(new TopicPartition(topic, info.partition())));
			}
		}
		Report report = new Report(dryRun);
		if (partitions.isEmpty()) {
			return report;
		}
		this.consumer.assign(partitions);
		Map<TopicPartition, Long> end = this.consumer.endOffsets(partitions, Duration.ofSeconds(30));
		Map<TopicPartition, OffsetAndMetadata> committed = this.consumer.committed(new java.util.HashSet<>(partitions),
				Duration.ofSeconds(30));
		for (TopicPartition partition : partitions) {
			OffsetAndMetadata from = committed.get(partition);
			if (from != null) {
				this.consumer.seek(partition, from.offset());
			}
			else {
				this.consumer.seekToBeginning(List.of(partition));
			}
		}
		Map<TopicPartition, Long> reached = new HashMap<>();
		while (!done(partitions, end)) {
			List<Future<RecordMetadata>> sends = new ArrayList<>();
			for (ConsumerRecord<String, byte[]> record : this.consumer.poll(Duration.ofMillis(500))) {
				TopicPartition partition = new TopicPartition(record.topic(), record.partition());
				if (record.offset() >= end.get(partition)) {
					continue;
				}
				String origin = originOf(record);
				String reason = header(record, DeadLetters.REASON_HEADER);
				if (record.value() == null) {
					report.skipped(record.topic());
				}
				else {
					report.found(record.topic(), origin, (reason != null) ? reason : "(no reason recorded)");
					if (!dryRun) {
						sends.add(this.producer.send(replayOf(record, origin)));
					}
				}
				reached.put(partition, record.offset() + 1);
			}
			awaitAll(sends);
			if (!dryRun && !reached.isEmpty()) {
				Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
				reached.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
				this.consumer.commitSync(offsets);
			}
		}
		return report;
	}

	private boolean done(List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
		for (TopicPartition partition : partitions) {
			if (this.consumer.position(partition) < end.get(partition)) {
				return false;
			}
		}
		return true;
	}

	private static ProducerRecord<String, byte[]> replayOf(ConsumerRecord<String, byte[]> record, String origin) {
		RecordHeaders headers = new RecordHeaders();
		headers.add(REPLAYED_FROM_HEADER,
				(record.topic() + "-" + record.partition() + "@" + record.offset()).getBytes(StandardCharsets.UTF_8));
		return new ProducerRecord<>(origin, null, record.key(), record.value(), headers);
	}

	private static String originOf(ConsumerRecord<String, byte[]> record) {
		String origin = header(record, ORIGINAL_TOPIC_HEADER);
		if (origin != null) {
			return origin;
		}
		return record.topic().substring(0, record.topic().length() - Topics.DEAD_LETTER_SUFFIX.length());
	}

	private static String header(ConsumerRecord<String, byte[]> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	private static void awaitAll(List<Future<RecordMetadata>> sends) throws InterruptedException {
		for (Future<RecordMetadata> send : sends) {
			try {
				send.get();
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException("Could not replay a dead letter; nothing past it was committed",
						ex.getCause());
			}
		}
	}

	/** What a run found, per dead-letter topic and reason. */
	static final class Report {

		private final boolean dryRun;

		private final Map<String, Map<String, Integer>> reasons = new TreeMap<>();

		private final Map<String, String> origins = new TreeMap<>();

		private final Map<String, Integer> skipped = new TreeMap<>();

		Report(boolean dryRun) {
			this.dryRun = dryRun;
		}

		void found(String topic, String origin, String reason) {
			this.origins.put(topic, origin);
			this.reasons.computeIfAbsent(topic, (t) -> new TreeMap<>()).merge(reason, 1, Integer::sum);
		}

		void skipped(String topic) {
			this.skipped.merge(topic, 1, Integer::sum);
		}

		int total() {
			return this.reasons.values()
				.stream()
				.flatMap((byReason) -> byReason.values().stream())
				.mapToInt(Integer::intValue)
				.sum();
		}

		int skippedTotal() {
			return this.skipped.values().stream().mapToInt(Integer::intValue).sum();
		}

		@Override
		public String toString() {
			StringBuilder text = new StringBuilder();
			String verb = this.dryRun ? "would replay" : "replayed";
			this.reasons.forEach((topic, byReason) -> {
				int count = byReason.values().stream().mapToInt(Integer::intValue).sum();
				text.append(topic)
					.append(": ")
					.append(verb)
					.append(' ')
					.append(count)
					.append(" to ")
					.append(this.origins.get(topic))
					.append('\n');
				byReason.forEach((reason, n) -> text.append("  ").append(n).append(" × ").append(reason).append('\n'));
			});
			this.skipped.forEach((topic, n) -> text.append(topic)
				.append(": ")
				.append(n)
				.append(" without a value (older dead letters kept no bytes), not replayable\n"));
			text.append("Total: ")
				.append(total())
				.append(this.dryRun ? " to replay (dry run: nothing sent)" : " replayed");
			if (skippedTotal() > 0) {
				text.append(", ").append(skippedTotal()).append(" not replayable");
			}
			return text.toString();
		}

	}

}
