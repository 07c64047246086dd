package dev.latchkey.admin;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the operator's Kafka clients authenticate, from the environment: with
 * {@code LATCHKEY_KAFKA_SASL_USERNAME} and {@code LATCHKEY_KAFKA_SASL_PASSWORD} set,
 * SASL/SCRAM-SHA-512 over {@code LATCHKEY_KAFKA_SECURITY_PROTOCOL} (default
 * {@code SASL_PLAINTEXT}; {@code SASL_SSL} with TLS); without them, no authentication
 * (the embedded default). From the environment only: a password given as an argument
 * would show in the process list and the shell's history.
 */
public final class KafkaSecurity {

	private KafkaSecurity() {
	}

	/** Client properties to add to every Kafka client's configuration. */
	public static Map<String, Object> fromEnvironment() {
		return from(System.getenv());
	}

	static Map<String, Object> from(Map<String, String> environment) {
		String username = environment.get("LATCHKEY_KAFKA_SASL_USERNAME");
		String password = environment.get("LATCHKEY_KAFKA_SASL_PASSWORD");
		Map<String, Object> properties = new LinkedHashMap<>();
		if (username == null || username.isBlank()) {
			return properties;
		}
		if (password == null || password.isEmpty()) {
			throw new IllegalStateException(
					"LATCHKEY_KAFKA_SASL_USERNAME is set but LATCHKEY_KAFKA_SASL_PASSWORD is not");
		}
		properties.put("security.protocol",
				environment.getOrDefault("LATCHKEY_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"));
		properties.put("sasl.mechanism", "SCRAM-SHA-512");
		properties.put("sasl.jaas.config",
				"org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + quoted(username)
						+ "\" password=\"" + quoted(password) + "\";");
		return properties;
	}

	private static String quoted(String value) {
		return value.replace("\\", "\\\\").replace("\"", "\\\"");
	}

}
