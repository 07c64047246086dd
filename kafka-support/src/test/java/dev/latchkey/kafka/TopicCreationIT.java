package dev.latchkey.kafka;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.latchkey.local.SharedInfrastructure;
import dev.latchkey.schemas.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Topics are created when missing, dead-letter topics with one partition, and an existing
 * topic is never re-partitioned, whatever partition count is configured later.
 */
class TopicCreationIT {

	@Test
	void missingTopicsAreCreated_andExistingOnesKeepTheirPartitions() throws Exception {
		Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
				SharedInfrastructure.get().kafkaBootstrapServers());
		TopicCreation.ensureOrWarn(new HashMap<>(config), 5);
		Map<String, Integer> first = partitions(config);

		TopicCreation.ensureOrWarn(new HashMap<>(config), 40);

		assertThat(partitions(config)).isEqualTo(first);
		for (Topics.Declaration topic : Topics.declarations()) {
			assertThat(first).containsKey(topic.name());
			if (topic.deadLetter()) {
				assertThat(first.get(topic.name())).as(topic.name()).isEqualTo(1);
			}
		}
	}

	/**
	 * Waits for the broker to know every topic: creation completes at the controller
	 * first.
	 */
	private static Map<String, Integer> partitions(Map<String, Object> config) throws Exception {
		Instant deadline = Instant.now().plusSeconds(30);
		while (true) {
			try {
				return describe(config);
			}
			catch (ExecutionException ex) {
				if (Instant.now().isAfter(deadline)) {
					throw ex;
				}
				Thread.sleep(200);
			}
		}
	}

	private static Map<String, Integer> describe(Map<String, Object> config) throws Exception {
		try (Admin admin = Admin.create(config)) {
			List<String> names = Topics.declarations().stream().map(Topics.Declaration::name).toList();
			Map<String, TopicDescription> described = admin.describeTopics(names)
				.allTopicNames()
				.get(30, TimeUnit.SECONDS);
			return described.values()
				.stream()
				.collect(Collectors.toMap(TopicDescription::name, (topic) -> topic.partitions().size()));
		}
	}

}
