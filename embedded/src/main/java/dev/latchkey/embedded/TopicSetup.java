package dev.latchkey.embedded;

import java.util.Map;

import dev.latchkey.kafka.TopicCreation;
import dev.latchkey.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Creates Latchkey's topics before the services start, from the same declaration the
 * services use, with {@value #PARTITIONS} partitions (default
 * {@link Topics#DEFAULT_PARTITIONS}). Safe to run on every start: existing topics are
 * left as they are.
 */
final class TopicSetup {

	private TopicSetup() {
	}

	/** Read by the services too ({@code latchkey.kafka.partitions}). */
	static final String PARTITIONS = "LATCHKEY_KAFKA_PARTITIONS";

	static void ensure(String bootstrapServers) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			TopicCreation.ensure(admin, partitions());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static int partitions() {
		String configured = System.getenv(PARTITIONS);
		if (configured == null || configured.isBlank()) {
			return Topics.DEFAULT_PARTITIONS;
		}
		try {
			int partitions = Integer.parseInt(configured.trim());
			if (partitions >= 1) {
				return partitions;
			}
		}
		catch (NumberFormatException ex) {
			// Said below.
		}
		throw new IllegalArgumentException(PARTITIONS + " must be a whole number of at least 1, not " + configured);
	}

}
