package dev.latchkey.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.log.LogAccessor;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation.DefaultKafkaListenerObservationConvention;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

/**
 * Applies one poll's records the way every Latchkey batch listener does: records of one
 * key (one integration) strictly in offset order, different keys concurrently (at most
 * {@code latchkey.kafka.batch-concurrency} at a time). The listener returns, and the
 * container commits the batch, only once every record's work completed.
 * <p>
 * When work fails, the records of that key after it are not started, and the listener
 * throws {@link BatchListenerFailedException} naming the earliest failed record of the
 * batch: the shared error handler commits what came before it and retries or dead-letters
 * it under {@link FailurePolicy} exactly as for a single-record listener. Records after
 * it are delivered again; the work must be idempotent (it is, because delivery is at
 * least once anyway). A record whose value could not be read fails with its
 * {@link DeserializationException}; a tombstone (no value, no failure) reaches the work
 * with a {@code null} value.
 */
public class KeyedBatches {

	private static final LogAccessor log = new LogAccessor(KeyedBatches.class);

	private final int concurrency;

	private final Duration timeout;

	private final ObservationRegistry observations;

	public KeyedBatches(int concurrency, Duration timeout) {
		this(concurrency, timeout, ObservationRegistry.NOOP);
	}

	/**
	 * @param observations each record's work is observed as Spring Kafka observes a
	 * record listener (which it does not for batch listeners): it continues the trace in
	 * the record's {@code traceparent}, and what the work sends or logs belongs to it
	 */
	public KeyedBatches(int concurrency, Duration timeout, ObservationRegistry observations) {
		this.observations = Objects.requireNonNull(observations, "observations");
		if (concurrency < 1) {
			throw new IllegalArgumentException("concurrency must be at least 1");
		}
		this.concurrency = concurrency;
		this.timeout = Objects.requireNonNull(timeout, "timeout");
	}

	/**
	 * Runs {@code work} for every record, in order per key, and waits for all of it.
	 * @throws BatchListenerFailedException naming the earliest record whose work failed,
	 * could not be read, or had not finished within the timeout
	 */
	public <K, V> void apply(List<ConsumerRecord<K, V>> records, Function<ConsumerRecord<K, V>, Mono<?>> work) {
		if (records.isEmpty()) {
			return;
		}
		AtomicIntegerArray done = new AtomicIntegerArray(records.size());
		List<Failure> failures;
		try {
			failures = Flux.fromIterable(byKey(records))
				.flatMap((group) -> inOrder(group, records, work, done), this.concurrency)
				.collectList()
				.block(this.timeout);
		}
		catch (IllegalStateException ex) {
			// Reactor's timeout (the subscription is cancelled: no record of this batch
			// starts after it). Blame the earliest record not done yet.
			int first = firstNotDone(done);
			throw new BatchListenerFailedException("Work on the batch did not finish within " + this.timeout,
					new BatchTimeoutException(this.timeout), records.get((first >= 0) ? first : 0));
		}
		if (failures != null && !failures.isEmpty()) {
			Failure first = failures.stream().min(Comparator.comparingInt(Failure::index)).orElseThrow();
			ConsumerRecord<K, V> record = records.get(first.index());
			throw new BatchListenerFailedException(
					"Record " + record.topic() + "-" + record.partition() + "@" + record.offset() + " failed",
					first.cause(), record);
		}
	}

	private <K, V> Mono<Failure> inOrder(List<Integer> group, List<ConsumerRecord<K, V>> records,
			Function<ConsumerRecord<K, V>, Mono<?>> work, AtomicIntegerArray done) {
		// next(): the first failure of a key ends its group, so nothing after it starts.
		return Flux.fromIterable(group).concatMap((index) -> {
			ConsumerRecord<K, V> record = records.get(index);
			DeserializationException unreadable = unreadable(record);
			if (unreadable != null) {
				return Mono.just(new Failure(index, unreadable));
			}
			return observed(record, work).then(Mono.<Failure>fromRunnable(() -> done.set(index, 1)))
				.onErrorResume((ex) -> Mono.just(new Failure(index, ex)));
		}).next();
	}

	/**
	 * The record's work inside a listener observation: in scope while the work is built
	 * (sends made then are its children) and in the Reactor context while it runs.
	 */
	private <K, V> Mono<?> observed(ConsumerRecord<K, V> record, Function<ConsumerRecord<K, V>, Mono<?>> work) {
		return Mono.defer(() -> {
			Observation observation = KafkaListenerObservation.LISTENER_OBSERVATION
				.observation(null, DefaultKafkaListenerObservationConvention.INSTANCE,
						() -> new KafkaRecordReceiverContext(record, "keyed-batches", () -> null), this.observations)
				.start();
			return ObservedWork.within(observation, () -> work.apply(record));
		});
	}

	private static <K, V> DeserializationException unreadable(ConsumerRecord<K, V> record) {
		if (record.value() != null) {
			return null;
		}
		DeserializationException value = SerializationUtils.getExceptionFromHeader(record,
				SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, log);
		return (value != null) ? value : SerializationUtils.getExceptionFromHeader(record,
				SerializationUtils.KEY_DESERIALIZER_EXCEPTION_HEADER, log);
	}

	/** Indexes of the records, grouped by key, each group in offset order. */
	private static <K, V> List<List<Integer>> byKey(List<ConsumerRecord<K, V>> records) {
		Map<Object, List<Integer>> groups = new LinkedHashMap<>();
		for (int i = 0; i < records.size(); i++) {
			ConsumerRecord<K, V> record = records.get(i);
			// Keys are per topic: the same integration on two topics is two orders.
			Object key = List.of(record.topic(), record.partition(), String.valueOf(record.key()));
			groups.computeIfAbsent(key, (k) -> new ArrayList<>()).add(i);
		}
		return new ArrayList<>(groups.values());
	}

	private static int firstNotDone(AtomicIntegerArray done) {
		for (int i = 0; i < done.length(); i++) {
			if (done.get(i) == 0) {
				return i;
			}
		}
		return -1;
	}

	private record Failure(int index, Throwable cause) {

	}

	/** The batch's work outlasted {@code latchkey.kafka.batch-timeout}; retried. */
	static class BatchTimeoutException extends RuntimeException {

		BatchTimeoutException(Duration timeout) {
			super("The batch's work did not finish within " + timeout + " (latchkey.kafka.batch-timeout)");
		}

	}

}
