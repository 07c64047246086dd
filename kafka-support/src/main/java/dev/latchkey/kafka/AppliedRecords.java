package dev.latchkey.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;

/**
 * Counts records a listener went through ({@value #METER}, by topic and consumer group):
 * with the Kafka clients' own lag ({@code kafka.consumer.fetch.manager.records.lag.max})
 * it tells whether a service keeps up.
 */
final class AppliedRecords {

	/** Counter of records applied, tagged {@code topic} and {@code group}. */
	static final String METER = "latchkey.kafka.records.applied";

	private final MeterRegistry meters;

	AppliedRecords(MeterRegistry meters) {
		this.meters = meters;
	}

	void count(String topic, Consumer<?, ?> consumer, int records) {
		Counter.builder(METER)
			.description("Records a listener went through (stored, published or otherwise done with)")
			.tag("topic", topic)
			.tag("group", group(consumer))
			.register(this.meters)
			.increment(records);
	}

	private static String group(Consumer<?, ?> consumer) {
		try {
			return consumer.groupMetadata().groupId();
		}
		catch (RuntimeException ex) {
			// No group (manually assigned partitions): nothing to tell apart.
			return "none";
		}
	}

}
