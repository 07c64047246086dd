package dev.latchkey.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import reactor.core.publisher.Hooks;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class KeyedBatchesTest {

	@Test
	void recordsOfOneKeyAreAppliedInOffsetOrder_whileKeysRunConcurrently() {
		List<ConsumerRecord<String, String>> records = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			records.add(record(i, "key-" + (i % 20), "v" + (i / 20)));
		}
		Map<String, List<String>> applied = new ConcurrentHashMap<>();
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger mostInFlight = new AtomicInteger();
		new KeyedBatches(8, Duration.ofSeconds(30)).apply(records, (record) -> Mono.fromRunnable(() -> {
			mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
			applied.computeIfAbsent(record.key(), (key) -> new CopyOnWriteArrayList<>()).add(record.value());
		})
			.delayElement(Duration.ofMillis(ThreadLocalRandom.current().nextInt(3)))
			.doFinally((signal) -> inFlight.decrementAndGet())
			.subscribeOn(Schedulers.parallel()));
		assertThat(applied).hasSize(20);
		List<String> expected = new ArrayList<>();
		for (int v = 0; v < 20; v++) {
			expected.add("v" + v);
		}
		applied.values().forEach((values) -> assertThat(values).containsExactlyElementsOf(expected));
		assertThat(mostInFlight.get()).isGreaterThan(1).isLessThanOrEqualTo(8);
	}

	@Test
	void aFailureStopsItsKey_andNamesTheEarliestFailedRecordOfTheBatch() {
		List<ConsumerRecord<String, String>> records = List.of(record(0, "a", "a1"), record(1, "b", "b1"),
				record(2, "a", "a2-fails"), record(3, "b", "b2-fails"), record(4, "a", "a3"), record(5, "c", "c1"));
		List<String> applied = Collections.synchronizedList(new ArrayList<>());
		assertThatExceptionOfType(BatchListenerFailedException.class)
			.isThrownBy(() -> new KeyedBatches(4, Duration.ofSeconds(30)).apply(records, (record) -> {
				if (record.value().endsWith("fails")) {
					return Mono.error(new IllegalStateException("MongoDB is away"));
				}
				return Mono.fromRunnable(() -> applied.add(record.value()));
			}))
			.satisfies((ex) -> {
				assertThat(ex.getRecord()).isSameAs(records.get(2));
				assertThat(ex.getCause()).hasMessage("MongoDB is away");
			});
		assertThat(applied).containsExactlyInAnyOrder("a1", "b1", "c1");
	}

	@Test
	void anUnreadableRecordFailsWithItsDeserializationException_andATombstoneReachesTheWork() {
		RecordHeaders headers = new RecordHeaders();
		SerializationUtils.deserializationException(headers, "garbage".getBytes(StandardCharsets.UTF_8),
				new DeserializationException("bad bytes", "garbage".getBytes(StandardCharsets.UTF_8), false, null),
				false);
		ConsumerRecord<String, String> unreadable = new ConsumerRecord<>("t", 0, 7, 0L, TimestampType.CREATE_TIME, 0, 0,
				"k1", null, headers, java.util.Optional.empty());
		ConsumerRecord<String, String> tombstone = record(8, "k2", null);
		List<String> seen = Collections.synchronizedList(new ArrayList<>());
		assertThatExceptionOfType(BatchListenerFailedException.class)
			.isThrownBy(() -> new KeyedBatches(2, Duration.ofSeconds(30)).apply(List.of(unreadable, tombstone),
					(record) -> Mono.fromRunnable(() -> seen.add(record.key()))))
			.satisfies((ex) -> {
				assertThat(ex.getRecord()).isSameAs(unreadable);
				assertThat(ex.getCause()).isInstanceOf(DeserializationException.class);
			});
		assertThat(seen).containsExactly("k2");
	}

	@Test
	void workThatOutlastsTheTimeout_namesTheEarliestUnfinishedRecord() {
		List<ConsumerRecord<String, String>> records = List.of(record(0, "a", "quick"), record(1, "b", "stuck"),
				record(2, "c", "quick"));
		assertThatExceptionOfType(BatchListenerFailedException.class)
			.isThrownBy(() -> new KeyedBatches(4, Duration.ofMillis(300)).apply(records,
					(record) -> "stuck".equals(record.value()) ? Mono.never() : Mono.empty()))
			.satisfies((ex) -> {
				assertThat(ex.getRecord()).isSameAs(records.get(1));
				assertThat(ex.getCause()).isInstanceOf(KeyedBatches.BatchTimeoutException.class);
			});
	}

	@Test
	void theSameKeyOnTwoPartitionsIsTwoOrders() {
		ConsumerRecord<String, String> first = new ConsumerRecord<>("t", 0, 0, "k", "p0");
		ConsumerRecord<String, String> second = new ConsumerRecord<>("t", 1, 0, "k", "p1");
		List<String> started = Collections.synchronizedList(new ArrayList<>());
		new KeyedBatches(2, Duration.ofSeconds(5)).apply(List.of(first, second), (record) -> {
			started.add(record.value());
			// Both must start before either finishes: they are not chained.
			return Mono.delay(Duration.ofMillis(50)).then(Mono.fromRunnable(() -> assertThat(started).hasSize(2)));
		});
	}

	@Test
	void eachRecordIsWorkedOnInAnObservationOfItsOwn_evenOnAnotherThread() {
		ObservationRegistry observations = ObservationRegistry.create();
		List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
		observations.observationConfig().observationHandler(new ObservationHandler<>() {

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

			@Override
			public void onStop(Observation.Context context) {
				stopped.add(context);
			}

		});
		List<ConsumerRecord<String, String>> records = List.of(record(0, "a", "v0"), record(1, "b", "v0"));
		Map<String, Object> seen = new ConcurrentHashMap<>();
		// As spring.reactor.context-propagation=auto does in the services.
		Hooks.enableAutomaticContextPropagation();
		try {
			new KeyedBatches(2, Duration.ofSeconds(5), observations).apply(records, (record) -> {
				seen.put(record.key() + "@built", recordOf(observations));
				return Mono.fromRunnable(() -> seen.put(record.key() + "@ran", recordOf(observations)))
					.subscribeOn(Schedulers.parallel());
			});
		}
		finally {
			Hooks.disableAutomaticContextPropagation();
		}
		for (ConsumerRecord<String, String> record : records) {
			assertThat(seen).containsEntry(record.key() + "@built", record)
				.containsEntry(record.key() + "@ran", record);
		}
		assertThat(stopped).hasSize(2)
			.allSatisfy((context) -> assertThat(context).isInstanceOf(KafkaRecordReceiverContext.class));
	}

	private static Object recordOf(ObservationRegistry observations) {
		Observation current = observations.getCurrentObservation();
		return (current != null && current.getContext() instanceof KafkaRecordReceiverContext context)
				? context.getRecord() : "none";
	}

	private static ConsumerRecord<String, String> record(long offset, String key, String value) {
		return new ConsumerRecord<>("t", 0, offset, key, value);
	}

}
