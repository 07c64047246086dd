package dev.latchkey.kafka;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import dev.latchkey.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Latchkey's topics from {@link Topics#declarations()}: the one way the services
 * (through {@link KafkaSupportAutoConfiguration}), the embedded default and the operator
 * command create them. Existing topics are left as they are: never re-partitioned, as
 * that would move keys to other partitions and break their order.
 */
public final class TopicCreation {

	private static final Logger logger = LoggerFactory.getLogger(TopicCreation.class);

	private TopicCreation() {
	}

	/**
	 * Every declared topic with this many partitions (dead-letter topics one) and the
	 * broker's replication.
	 */
	private static List<NewTopic> newTopics(int partitions) {
		return Topics.declarations().stream().map((topic) -> newTopic(topic, partitions)).toList();
	}

	/**
	 * Creates every declared topic that does not exist yet.
	 * @return the names of the topics created now
	 */
	public static List<String> ensure(Admin admin, int partitions) throws InterruptedException {
		List<String> created = new java.util.ArrayList<>();
		for (NewTopic topic : newTopics(partitions)) {
			try {
				admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
				created.add(topic.name());
			}
			catch (ExecutionException ex) {
				if (!(ex.getCause() instanceof TopicExistsException)) {
					throw new IllegalStateException("Cannot create topic " + topic.name(), ex.getCause());
				}
			}
			catch (java.util.concurrent.TimeoutException ex) {
				throw new IllegalStateException("Kafka did not answer while creating topic " + topic.name(), ex);
			}
		}
		return created;
	}

	/**
	 * Creates the missing topics with an admin client of this configuration; when the
	 * broker cannot do it now, says so and carries on (the embedded default and
	 * {@code admin topics} create them too, and a service waits for its topics).
	 */
	public static void ensureOrWarn(Map<String, Object> adminConfig, int partitions) {
		try (Admin admin = Admin.create(adminConfig)) {
			List<String> created = ensure(admin, partitions);
			if (!created.isEmpty()) {
				logger.info("Created topics {} ({} partitions each, dead-letter topics 1)", created, partitions);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not create missing topics now ({}); they are created by `latchkey-admin topics` "
					+ "or at the next start", ex.getMessage());
		}
	}

	private static NewTopic newTopic(Topics.Declaration topic, int partitions) {
		NewTopic created = new NewTopic(topic.name(), Optional.of(topic.partitions(partitions)), Optional.empty());
		if (topic.compacted()) {
			created.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
		}
		return created;
	}

}
