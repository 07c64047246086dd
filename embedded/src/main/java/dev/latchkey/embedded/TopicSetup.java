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
			TopicCreation.ensure(admin, Topics.DEFAULT_PARTITIONS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
