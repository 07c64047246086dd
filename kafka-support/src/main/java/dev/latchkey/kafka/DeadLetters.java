package dev.latchkey.kafka;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.latchkey.schemas.Topics;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer.HeaderNames.HeadersToAdd;

/**
 * Sends a poison record to {@code <topic>.dlt}, keyed as before: the bytes that arrived
 * when they could not be read, otherwise the event as consumed (events never carry a
 * secret in the clear). The reason travels in {@value #REASON_HEADER}, the origin in
 * Spring Kafka's {@code kafka_dlt-original-*} headers; no stack trace, no exception
 * message header (it may quote input). Each one counts in {@value #METER}, by original
 * topic and exception class.
 */
public final class DeadLetters implements DisposableBean {

	/** Header carrying why a record was dead-lettered: exception class and message. */
	public static final String REASON_HEADER = "latchkey-dlt-reason";

	/** Counter of records dead-lettered, tagged {@code topic} and {@code exception}. */
	public static final String METER = "latchkey.kafka.dead.letters";

	private final ProducerFactory<Object, Object> rawProducers;

	private final MeterRegistry meters;

	private final DeadLetterPublishingRecoverer recoverer;

	public DeadLetters(ProducerFactory<Object, Object> producers, MeterRegistry meters) {
		this.meters = meters;
		// Not a bean: a second producer factory would switch off Boot's own.
		this.rawProducers = producers.copyWithConfigurationOverride(
				Map.of(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
		Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
		templates.put(byte[].class, new KafkaTemplate<>(this.rawProducers));
		templates.put(Object.class, new KafkaTemplate<>(producers));
		this.recoverer = new DeadLetterPublishingRecoverer(templates,
				(record, ex) -> new TopicPartition(destinationOf(record.topic()), -1));
		this.recoverer.excludeHeader(HeadersToAdd.EX_STACKTRACE, HeadersToAdd.EX_MSG);
		this.recoverer.addHeadersFunction((record, ex) -> new RecordHeaders().add(REASON_HEADER,
				FailurePolicy.reason(ex).getBytes(StandardCharsets.UTF_8)));
		this.recoverer.setLogRecoveryRecord(false);
	}

	/** Where poison records of {@code topic} go. */
	public static String destinationOf(String topic) {
		return Topics.deadLetterOf(topic);
	}

	ConsumerRecordRecoverer recoverer() {
		return (record, ex) -> {
			this.recoverer.accept(record, ex);
			Counter.builder(METER)
				.description("Records sent to their topic's dead-letter topic")
				.tag("topic", record.topic())
				.tag("exception", FailurePolicy.unwrapped(ex).getClass().getSimpleName())
				.register(this.meters)
				.increment();
		};
	}

	@Override
	public void destroy() {
		if (this.rawProducers instanceof DisposableBean disposable) {
			try {
				disposable.destroy();
			}
			catch (Exception ex) {
				// Closing a producer at shutdown; nothing left to do.
			}
		}
	}

}
