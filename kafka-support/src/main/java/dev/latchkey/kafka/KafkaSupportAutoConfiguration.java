package dev.latchkey.kafka;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.BatchInterceptor;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.KafkaException;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Every listener of every service under one failure policy: poison records are
 * dead-lettered at once; every other failure is retried with a back-off that never gives
 * up (the partition waits, the {@code kafkaConsumers} health says so, nothing is skipped,
 * the offset is committed only once the record went through). Also declares every
 * Latchkey topic.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaTemplate.class)
@EnableConfigurationProperties(KafkaSupportProperties.class)
public class KafkaSupportAutoConfiguration {

	private static final String REGISTRY_URL = "apicurio.registry.url";

	@Bean
	FailurePolicy kafkaFailurePolicy(ObjectProvider<PoisonRecords> declared, KafkaProperties kafka) {
		List<Class<? extends Throwable>> poison = new ArrayList<>();
		declared.orderedStream().forEach((records) -> poison.addAll(records.failures()));
		String registryUrl = kafka.getProperties().get(REGISTRY_URL);
		if (registryUrl == null) {
			throw new IllegalStateException("spring.kafka.properties." + REGISTRY_URL + " is not set");
		}
		return new FailurePolicy(poison, new SchemaLookup(registryUrl, Duration.ofSeconds(5)));
	}

	@Bean
	ConsumerHealth kafkaConsumersHealthIndicator() {
		return new ConsumerHealth(Clock.systemUTC());
	}

	@Bean
	DeadLetters kafkaDeadLetters(ProducerFactory<Object, Object> producers, ObjectProvider<MeterRegistry> meters) {
		return new DeadLetters(producers, meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	AppliedRecords kafkaAppliedRecords(ObjectProvider<MeterRegistry> meters) {
		return new AppliedRecords(meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	FailureLog kafkaFailureLog(FailurePolicy policy, ConsumerHealth health, KafkaSupportProperties properties) {
		return new FailureLog(policy, health, Clock.systemUTC(), properties.remindEvery());
	}

	@Bean
	DefaultErrorHandler kafkaErrorHandler(FailurePolicy policy, DeadLetters deadLetters, FailureLog log,
			KafkaSupportProperties properties) {
		ExponentialBackOff wait = new ExponentialBackOff(properties.retryInitialInterval().toMillis(), 2.0);
		wait.setMaxInterval(properties.retryMaxInterval().toMillis());
		DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters.recoverer(), wait);
		// Spring Kafka treats some exceptions (deserialization among them) as fatal by
		// default; here FailurePolicy alone decides, through the back-off: none for
		// poison.
		handler.setClassifications(Map.of(), true);
		handler.setBackOffFunction((record, ex) -> policy.isPoison(ex) ? new FixedBackOff(0, 0) : null);
		handler.setRetryListeners(log);
		handler.setCommitRecovered(true);
		// FailureLog says it in one line; the handler's own log would add a stack trace
		// per attempt.
		handler.setLogLevel(KafkaException.Level.DEBUG);
		return handler;
	}

	@Bean
	RecordInterceptor<Object, Object> kafkaWaitEnd(FailureLog log, AppliedRecords applied) {
		return new RecordInterceptor<>() {

			@Override
			public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
					Consumer<Object, Object> consumer) {
				return record;
			}

			@Override
			public void success(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
				log.succeeded(record);
				applied.count(record.topic(), consumer, 1);
			}

		};
	}

	@Bean
	BatchInterceptor<Object, Object> kafkaBatchWaitEnd(FailureLog log, AppliedRecords applied) {
		return new BatchInterceptor<>() {

			@Override
			public ConsumerRecords<Object, Object> intercept(ConsumerRecords<Object, Object> records,
					Consumer<Object, Object> consumer) {
				return records;
			}

			@Override
			public void success(ConsumerRecords<Object, Object> records, Consumer<Object, Object> consumer) {
				// A partition stops waiting once a batch of it went through: its last
				// record stands for all.
				for (TopicPartition partition : records.partitions()) {
					List<ConsumerRecord<Object, Object>> done = records.records(partition);
					log.succeeded(done.get(done.size() - 1));
					applied.count(partition.topic(), consumer, done.size());
				}
			}

		};
	}

	@Bean
	KeyedBatches keyedBatches(KafkaSupportProperties properties, ObjectProvider<ObservationRegistry> observations) {
		return new KeyedBatches(properties.batchConcurrency(), properties.batchTimeout(),
				observations.getIfAvailable(() -> ObservationRegistry.NOOP));
	}

	/**
	 * Creates the topics that do not exist yet once the context is ready. Not
	 * {@code KafkaAdmin.NewTopics}: that would also add partitions to an existing topic
	 * declared with more, moving keys and breaking their order. Off
	 * ({@code latchkey.kafka.create-topics=false}) where services may not create topics
	 * and a job of the platform does ({@code latchkey-admin topics}).
	 */
	@Bean
	@ConditionalOnProperty(name = "latchkey.kafka.create-topics", havingValue = "true", matchIfMissing = true)
	SmartInitializingSingleton latchkeyTopics(KafkaAdmin admin, KafkaSupportProperties properties) {
		return () -> TopicCreation.ensureOrWarn(admin.getConfigurationProperties(), properties.partitions());
	}

}
