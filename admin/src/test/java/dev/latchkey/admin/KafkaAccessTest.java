package dev.latchkey.admin;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.latchkey.schemas.Topics;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaAccessTest {

	@Test
	void onlyTheCollectorMaySubmitCredentials() {
		assertThat(principalsAllowed(AclOperation.WRITE, Topics.CREDENTIAL_RECEIVED)).containsExactly("User:collector");
		assertThat(principalsAllowed(AclOperation.READ, Topics.CREDENTIAL_RECEIVED)).containsExactly("User:vault");
	}

	@Test
	void onlyTheVaultPublishesStatuses_everyoneElseReadsThem() {
		assertThat(principalsAllowed(AclOperation.WRITE, Topics.INTEGRATION_STATUS)).containsExactly("User:vault");
		assertThat(principalsAllowed(AclOperation.READ, Topics.INTEGRATION_STATUS))
			.containsExactlyInAnyOrder("User:collector", "User:scanner", "User:status");
	}

	@Test
	void everyDeclaredTopicHasAWriter_andEveryEventTopicAReader() {
		for (Topics.Declaration topic : Topics.declarations()) {
			assertThat(principalsAllowed(AclOperation.WRITE, topic.name())).as(topic.name()).isNotEmpty();
			if (!topic.deadLetter()) {
				assertThat(principalsAllowed(AclOperation.READ, topic.name())).as(topic.name()).isNotEmpty();
			}
		}
	}

	@Test
	void consumersWriteTheDeadLettersOfWhatTheyRead_andReadNoDeadLetters() {
		assertThat(principalsAllowed(AclOperation.WRITE, Topics.deadLetterOf(Topics.SCAN_COMPLETED)))
			.containsExactly("User:vault");
		assertThat(bindings().stream()
			.filter((binding) -> binding.entry().operation() == AclOperation.READ)
			.map((binding) -> binding.pattern().name())).noneMatch((name) -> name.endsWith(Topics.DEAD_LETTER_SUFFIX));
	}

	@Test
	void eachServiceJoinsOnlyItsOwnGroup() {
		Map<String, Set<String>> groups = bindings().stream()
			.filter((binding) -> binding.pattern().resourceType() == ResourceType.GROUP)
			.collect(Collectors.groupingBy((binding) -> binding.entry().principal(),
					Collectors.mapping((binding) -> binding.pattern().name(), Collectors.toSet())));

		assertThat(groups).containsExactlyInAnyOrderEntriesOf(Map.of("User:vault", Set.of("vault"), "User:scanner",
				Set.of("scanner", "scanner-requests"), "User:collector", Set.of("collector-refresh")));
	}

	@Test
	void scramFromTheEnvironment_nothingWithoutAUser() {
		assertThat(KafkaSecurity.from(Map.of())).isEmpty();
		Map<String, Object> sasl = KafkaSecurity
			.from(Map.of("LATCHKEY_KAFKA_SASL_USERNAME", "admin", "LATCHKEY_KAFKA_SASL_PASSWORD", "p\"w"));

		assertThat(sasl).containsEntry("security.protocol", "SASL_PLAINTEXT")
			.containsEntry("sasl.mechanism", "SCRAM-SHA-512");
		assertThat((String) sasl.get("sasl.jaas.config")).contains("username=\"admin\" password=\"p\\\"w\";");
		assertThatThrownBy(() -> KafkaSecurity.from(Map.of("LATCHKEY_KAFKA_SASL_USERNAME", "admin")))
			.hasMessageNotContaining("p\"w")
			.hasMessageContaining("LATCHKEY_KAFKA_SASL_PASSWORD");
	}

	private static List<AclBinding> bindings() {
		return KafkaAccess.grants().stream().flatMap((grant) -> grant.bindings().stream()).toList();
	}

	private static List<String> principalsAllowed(AclOperation operation, String topic) {
		return bindings().stream()
			.filter((binding) -> binding.pattern().resourceType() == ResourceType.TOPIC
					&& binding.pattern().name().equals(topic) && binding.entry().operation() == operation)
			.map((binding) -> binding.entry().principal())
			.distinct()
			.toList();
	}

}
