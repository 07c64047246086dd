package dev.latchkey.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * {@code kafkaConsumers} health: DOWN while a record is being waited on (its dependency
 * does not answer), naming the partition, since when, the attempts and the reason; UP
 * again once the record went through. Part of the readiness group by default, so an
 * instance that cannot make progress says so.
 */
public final class ConsumerHealth implements HealthIndicator {

	private final Map<TopicPartition, Waiting> waiting = new ConcurrentHashMap<>();

	private final Clock clock;

	public ConsumerHealth(Clock clock) {
		this.clock = clock;
	}

	void failed(ConsumerRecord<?, ?> record, String reason, int attempt) {
		TopicPartition partition = new TopicPartition(record.topic(), record.partition());
		Instant now = this.clock.instant();
		this.waiting.compute(partition, (key, before) -> new Waiting(record.offset(),
				(before != null && before.offset() == record.offset()) ? before.since() : now, attempt, reason));
	}

	void succeeded(ConsumerRecord<?, ?> record) {
		if (!this.waiting.isEmpty()) {
			this.waiting.remove(new TopicPartition(record.topic(), record.partition()));
		}
	}

	void released(ConsumerRecord<?, ?> record) {
		succeeded(record);
	}

	/** How long the longest wait has lasted, or zero. */
	Duration longestWait() {
		Instant now = this.clock.instant();
		return this.waiting.values()
			.stream()
			.map((wait) -> Duration.between(wait.since(), now))
			.max(Duration::compareTo)
			.orElse(Duration.ZERO);
	}

	@Override
	public Health health() {
		if (this.waiting.isEmpty()) {
			return Health.up().build();
		}
		Health.Builder health = Health.down();
		this.waiting
			.forEach((partition, wait) -> health.withDetail(partition.toString(), Map.of("offset", wait.offset(),
					"waitingSince", wait.since().toString(), "attempts", wait.attempts(), "reason", wait.reason())));
		return health.build();
	}

	private record Waiting(long offset, Instant since, int attempts, String reason) {
	}

}
