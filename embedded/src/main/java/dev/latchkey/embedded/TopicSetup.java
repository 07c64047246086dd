package dev.latchkey.embedded;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.latchkey.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates Latchkey's topics before the services start, the status topic compacted. Safe
 * to run on every start.
 */
final class TopicSetup {

	private static final int PARTITIONS = 3;

	private TopicSetup() {
	}

	static void ensure(String bootstrapServers) {
		List<NewTopic> topics = List.of(topic(Topics.CREDENTIAL_RECEIVED),
				topic(Topics.INTEGRATION_STATUS).configs(Map.of("cleanup.policy", "compact")),
				topic(Topics.SCAN_COMPLETED), topic(Topics.deadLetterOf(Topics.CREDENTIAL_RECEIVED)),
				topic(Topics.deadLetterOf(Topics.INTEGRATION_STATUS)),
				topic(Topics.deadLetterOf(Topics.SCAN_COMPLETED)), topic(Topics.TOKEN_REFRESH_FAILED),
				topic(Topics.deadLetterOf(Topics.TOKEN_REFRESH_FAILED)), topic(Topics.CONNECT_FAILED),
				topic(Topics.deadLetterOf(Topics.CONNECT_FAILED)));
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			for (NewTopic topic : topics) {
				try {
					admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
				}
				catch (ExecutionException ex) {
					if (!(ex.getCause() instanceof TopicExistsException)) {
						throw new IllegalStateException("Cannot create topic " + topic.name(), ex.getCause());
					}
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("Kafka did not answer while creating topics", ex);
		}
	}

	private static NewTopic topic(String name) {
		return new NewTopic(name, PARTITIONS, (short) 1);
	}

}
