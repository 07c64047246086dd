package dev.latchkey.kafka;

import java.time.Duration;

import dev.latchkey.schemas.Topics;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code latchkey.kafka.*}: how topics are created and how long a failing record waits
 * between attempts.
 *
 * @param partitions partitions of each topic this service creates (existing topics are
 * left as they are)
 * @param retryInitialInterval the first wait after a failure
 * @param retryMaxInterval the longest wait between two attempts (the wait doubles up to
 * it and never gives up)
 * @param remindEvery how often a record that still fails is logged again
 * @param batchConcurrency how many keys (integrations) of one poll a batch listener works
 * on at once; records of one key are always applied one after the other
 * @param batchTimeout how long a batch listener waits for one poll's work before the
 * earliest unfinished record is retried (well below the consumer's
 * {@code max.poll.interval.ms})
 */
@ConfigurationProperties("latchkey.kafka")
public record KafkaSupportProperties(@DefaultValue("" + Topics.DEFAULT_PARTITIONS) int partitions,
		@DefaultValue("500ms") Duration retryInitialInterval, @DefaultValue("30s") Duration retryMaxInterval,
		@DefaultValue("60s") Duration remindEvery, @DefaultValue("32") int batchConcurrency,
		@DefaultValue("2m") Duration batchTimeout) {

	public KafkaSupportProperties {
		if (partitions < 1) {
			throw new IllegalArgumentException("latchkey.kafka.partitions must be at least 1");
		}
		if (retryInitialInterval.isNegative() || retryInitialInterval.isZero()
				|| retryMaxInterval.compareTo(retryInitialInterval) < 0) {
			throw new IllegalArgumentException(
					"latchkey.kafka.retry-initial-interval must be positive and at most retry-max-interval");
		}
		if (batchConcurrency < 1) {
			throw new IllegalArgumentException("latchkey.kafka.batch-concurrency must be at least 1");
		}
		if (batchTimeout.isNegative() || batchTimeout.isZero()) {
			throw new IllegalArgumentException("latchkey.kafka.batch-timeout must be positive");
		}
	}

}
