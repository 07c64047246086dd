package dev.latchkey.embedded;

import java.util.Map;

import dev.latchkey.kafka.TopicCreation;
import dev.latchkey.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Creates Latchkey's topics before the services start, from the same declaration the
 * services use. Safe to run on every start.
 */
final class TopicSetup {

	private TopicSetup() {
	}

	static void ensure(String bootstrapServers) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			TopicCreation.ensure(admin, partitions());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * {@code LATCHKEY_KAFKA_PARTITIONS}, the variable the services read for the topics
	 * they create (the children inherit it): more partitions let more instances of one
	 * consumer group share a topic, e.g. the benchmark's extra vaults. Only new topics
	 * get it.
	 */
	static int partitions() {
		String configured = System.getenv().getOrDefault("LATCHKEY_KAFKA_PARTITIONS", "").trim();
		if (configured.isEmpty()) {
			return Topics.DEFAULT_PARTITIONS;
		}
		try {
			int partitions = Integer.parseInt(configured);
			if (partitions < 1) {
				throw new NumberFormatException();
			}
			return partitions;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("LATCHKEY_KAFKA_PARTITIONS must be a whole number of at least 1");
		}
	}

}
