package dev.latchkey.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.kafka.listener.RetryListener;

/**
 * One line per event an operator needs, never a stack trace nor a record's content: the
 * first failure of a record that is being waited on, then a reminder at most once per
 * {@code remindEvery} while it still fails, the dead-lettering of a poison record, and
 * the end of a wait. Keeps {@link ConsumerHealth} up to date.
 */
final class FailureLog implements RetryListener {

	private static final Logger logger = LoggerFactory.getLogger(FailureLog.class);

	private final FailurePolicy policy;

	private final ConsumerHealth health;

	private final Clock clock;

	private final Duration remindEvery;

	private final Map<TopicPartition, Instant> lastReminder = new ConcurrentHashMap<>();

	FailureLog(FailurePolicy policy, ConsumerHealth health, Clock clock, Duration remindEvery) {
		this.policy = policy;
		this.health = health;
		this.clock = clock;
		this.remindEvery = remindEvery;
	}

	@Override
	public void failedDelivery(ConsumerRecord<?, ?> record, @Nullable Exception ex, int deliveryAttempt) {
		if (ex == null || this.policy.isPoison(ex)) {
			return;
		}
		String reason = FailurePolicy.reason(ex);
		this.health.failed(record, reason, deliveryAttempt);
		TopicPartition partition = new TopicPartition(record.topic(), record.partition());
		Instant now = this.clock.instant();
		if (deliveryAttempt <= 1) {
			this.lastReminder.put(partition, now);
			logger.warn("Waiting to process {} (key {}): {}; retrying until it succeeds", where(record), record.key(),
					reason);
			return;
		}
		Instant last = this.lastReminder.get(partition);
		if (last == null || !now.isBefore(last.plus(this.remindEvery))) {
			this.lastReminder.put(partition, now);
			logger.warn("Still waiting to process {} after {} attempts: {}", where(record), deliveryAttempt, reason);
		}
	}

	@Override
	public void recovered(ConsumerRecord<?, ?> record, @Nullable Exception ex) {
		this.health.released(record);
		logger.warn("Dead-lettered {} (key {}) to {}: {}", where(record), record.key(),
				DeadLetters.destinationOf(record.topic()), (ex != null) ? FailurePolicy.reason(ex) : "unknown");
	}

	@Override
	public void recoveryFailed(ConsumerRecord<?, ?> record, @Nullable Exception original, Exception failure) {
		logger.warn("Could not dead-letter {} (it is retried): {}", where(record), FailurePolicy.reason(failure));
	}

	/** A record that was being waited on went through. */
	void succeeded(ConsumerRecord<?, ?> record) {
		TopicPartition partition = new TopicPartition(record.topic(), record.partition());
		if (this.lastReminder.remove(partition) != null) {
			logger.info("Processed {} after waiting; {} continues", where(record), partition);
		}
		this.health.succeeded(record);
	}

	private static String where(ConsumerRecord<?, ?> record) {
		return record.topic() + "-" + record.partition() + "@" + record.offset();
	}

}
