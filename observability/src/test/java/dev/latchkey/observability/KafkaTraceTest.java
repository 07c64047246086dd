package dev.latchkey.observability;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.mock.MockProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaTraceTest {

	@Test
	@DisplayName("a record sent inside a request's observation carries that trace as traceparent")
	void recordCarriesTheTrace() {
		MockProducer<Object, Object> producer = new MockProducer<>(true, null, serializer(), serializer());
		new ApplicationContextRunner()
			.withInitializer((context) -> new ObservabilityDefaults().postProcessEnvironment(context.getEnvironment(),
					new SpringApplication()))
			.withPropertyValues("spring.kafka.template.observation-enabled=true",
					"spring.kafka.bootstrap-servers=localhost:9", "spring.kafka.admin.operation-timeout=1s",
					"spring.kafka.admin.close-timeout=1s")
			.withBean(ProducerFactory.class, () -> new MockProducerFactory<Object, Object>(() -> producer) {
				@Override
				public Map<String, Object> getConfigurationProperties() {
					return Map.of("bootstrap.servers", "localhost:9");
				}
			})
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
					MicrometerTracingAutoConfiguration.class, KafkaAutoConfiguration.class))
			.run((context) -> {
				@SuppressWarnings("unchecked")
				KafkaTemplate<Object, Object> kafka = context.getBean(KafkaTemplate.class);
				// No broker: the observation's cluster id comes from here, not from a
				// lookup.
				kafka.setKafkaAdmin(new KafkaAdmin(Map.of()) {
					@Override
					public String clusterId() {
						return "test";
					}
				});
				Tracer tracer = context.getBean(Tracer.class);
				String[] traceId = new String[1];
				Observation.createNotStarted("request", context.getBean(ObservationRegistry.class)).observe(() -> {
					traceId[0] = tracer.currentSpan().context().traceId();
					kafka.send(new ProducerRecord<>("t", "k", "v")).join();
				});
				Header traceparent = producer.history().get(0).headers().lastHeader("traceparent");
				assertThat(traceparent).isNotNull();
				assertThat(new String(traceparent.value(), StandardCharsets.UTF_8)).contains(traceId[0]);
			});
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static Serializer<Object> serializer() {
		return (Serializer) new StringSerializer();
	}

}
