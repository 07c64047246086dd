package dev.latchkey.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The Kafka client settings every service shares, as the lowest-precedence property
 * source: a service's application.yml or environment overrides any of them.
 * <ul>
 * <li>Keys are strings (the integration id), values Avro in the Confluent wire format
 * through the Apicurio serde; the producer is idempotent with {@code acks=all}.</li>
 * <li>Schemas are cached by content id, which never changes what it names: the cache is
 * refreshed once a day at most, and a refresh that fails keeps the cached schema, so
 * records whose schema is known keep flowing while the registry is away.</li>
 * <li>Templates and listener containers are observed: one trace runs from a request
 * through every record it causes.</li>
 * <li>Readiness includes {@code kafkaConsumers}: an instance waiting on a dependency is
 * not ready.</li>
 * </ul>
 */
public class KafkaDefaults implements EnvironmentPostProcessor {

	static final String SOURCE = "latchkeyKafkaDefaults";

	/**
	 * Whether producers register the schemas they write ({@code true}, the embedded
	 * default) or only look them up ({@code false}: production, where a one-shot job
	 * registers them and producers get read access to the registry only). Environment:
	 * {@value #AUTO_REGISTER_VARIABLE}.
	 */
	public static final String AUTO_REGISTER_PROPERTY = "latchkey.kafka.registry-auto-register";

	static final String AUTO_REGISTER_VARIABLE = "LATCHKEY_KAFKA_REGISTRY_AUTO_REGISTER";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("spring.kafka.bootstrap-servers", "${KAFKA_BOOTSTRAP_SERVERS:localhost:9092}");
		defaults.put("spring.kafka.producer.key-serializer", "org.apache.kafka.common.serialization.StringSerializer");
		defaults.put("spring.kafka.producer.value-serializer", "io.apicurio.registry.serde.avro.AvroKafkaSerializer");
		defaults.put("spring.kafka.producer.acks", "all");
		defaults.put("spring.kafka.producer.properties.enable.idempotence", "true");
		defaults.put("spring.kafka.consumer.key-deserializer",
				"org.apache.kafka.common.serialization.StringDeserializer");
		defaults.put("spring.kafka.consumer.value-deserializer",
				"org.springframework.kafka.support.serializer.ErrorHandlingDeserializer");
		defaults.put("spring.kafka.consumer.auto-offset-reset", "earliest");
		defaults.put("spring.kafka.consumer.properties.spring.deserializer.value.delegate.class",
				"io.apicurio.registry.serde.avro.AvroKafkaDeserializer");
		serdeProperties("${REGISTRY_URL:http://localhost:8081/apis/registry/v2}",
				"${" + AUTO_REGISTER_PROPERTY + ":true}")
			.forEach((name, value) -> defaults.put("spring.kafka.properties." + name, value));
		defaults.put("management.endpoint.health.group.readiness.include", "readinessState,kafkaConsumers");
		// Templates and listener containers observed: a record carries the trace of what
		// caused it (traceparent header), and its listener goes on in that trace.
		defaults.put("spring.kafka.template.observation-enabled", "true");
		defaults.put("spring.kafka.listener.observation-enabled", "true");
		environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
	}

	/**
	 * The Apicurio serde settings every Latchkey client uses, as plain Kafka client
	 * properties: for programs that build clients without Spring (the operator's command
	 * line). Auto-registration follows {@value #AUTO_REGISTER_VARIABLE} (default
	 * {@code true}). Pair them with {@code AvroKafkaSerializer} or
	 * {@code AvroKafkaDeserializer} and string keys.
	 * @param registryUrl the registry's v2 API, e.g.
	 * {@code http://localhost:8081/apis/registry/v2}
	 */
	public static Map<String, String> serdeProperties(String registryUrl) {
		return serdeProperties(registryUrl, System.getenv().getOrDefault(AUTO_REGISTER_VARIABLE, "true"));
	}

	private static Map<String, String> serdeProperties(String registryUrl, String autoRegister) {
		Map<String, String> properties = new LinkedHashMap<>();
		String registry = "apicurio.registry.";
		properties.put(registry + "url", registryUrl);
		properties.put(registry + "as-confluent", "true");
		properties.put(registry + "use-id", "contentId");
		properties.put(registry + "headers.enabled", "false");
		properties.put(registry + "auto-register", autoRegister);
		properties.put(registry + "use-specific-avro-reader", "true");
		properties.put(registry + "check-period-ms", "86400000");
		properties.put(registry + "fault-tolerant-refresh", "true");
		// The listener's error handler retries with back-off for as long as it takes;
		// the serde's own retries would only hold the consumer thread longer.
		properties.put(registry + "retry-count", "1");
		return properties;
	}

}
