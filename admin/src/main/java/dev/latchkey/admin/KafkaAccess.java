package dev.latchkey.admin;

import java.util.ArrayList;
import java.util.List;

import dev.latchkey.schemas.Topics;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What each service may do on the broker: produce to the topics it publishes (and to the
 * dead-letter topic of each topic it consumes), consume the topics it reads, in its own
 * consumer group. Nothing else: no service creates topics (the {@code topics} job does,
 * as a super user) and none reads another's dead letters. Topic names come from
 * {@link Topics}; the groups are those of the services' {@code @KafkaListener}s.
 */
final class KafkaAccess {

	/**
	 * The registry's kafkasql storage: its topics ({@code kafkasql-journal}, and
	 * snapshots where a version writes them) start with this.
	 */
	static final String REGISTRY_TOPICS = "kafkasql-";

	private KafkaAccess() {
	}

	/**
	 * One principal's rights.
	 *
	 * @param user the SCRAM user name (principal {@code User:<user>})
	 * @param produces topics it writes
	 * @param consumes topics it reads
	 * @param groups its consumer groups, none when it assigns partitions itself
	 */
	record Grant(String user, List<String> produces, List<String> consumes, List<String> groups) {

		List<AclBinding> bindings() {
			List<AclBinding> bindings = new ArrayList<>();
			List<String> written = new ArrayList<>(this.produces);
			this.consumes.forEach((topic) -> written.add(Topics.deadLetterOf(topic)));
			written.forEach((topic) -> bindings.add(allow(ResourceType.TOPIC, topic, AclOperation.WRITE)));
			this.consumes.forEach((topic) -> bindings.add(allow(ResourceType.TOPIC, topic, AclOperation.READ)));
			this.groups.forEach((group) -> bindings.add(allow(ResourceType.GROUP, group, AclOperation.READ)));
			return bindings;
		}

		private AclBinding allow(ResourceType type, String name, AclOperation operation) {
			return new AclBinding(new ResourcePattern(type, name, PatternType.LITERAL),
					new AccessControlEntry("User:" + this.user, "*", operation, AclPermissionType.ALLOW));
		}

	}

	static List<Grant> grants() {
		return List.of(
				new Grant("collector",
						List.of(Topics.CREDENTIAL_RECEIVED, Topics.TOKEN_REFRESH_FAILED, Topics.CONNECT_FAILED,
								Topics.SCAN_REQUESTED),
						List.of(Topics.INTEGRATION_STATUS), List.of("collector-refresh")),
				new Grant("vault", List.of(Topics.INTEGRATION_STATUS),
						List.of(Topics.CREDENTIAL_RECEIVED, Topics.SCAN_COMPLETED, Topics.TOKEN_REFRESH_FAILED,
								Topics.CONNECT_FAILED),
						List.of("vault")),
				new Grant("scanner", List.of(Topics.SCAN_COMPLETED),
						List.of(Topics.INTEGRATION_STATUS, Topics.SCAN_REQUESTED),
						List.of("scanner", "scanner-requests")),
				// The status view assigns every partition of the status topic itself.
				new Grant("status", List.of(), List.of(Topics.INTEGRATION_STATUS), List.of()));
	}

	/**
	 * The registry's kafkasql storage: its topics (created by the registry when missing),
	 * and any consumer group, as each registry instance reads the journal in a group of
	 * its own with a random name.
	 */
	static List<AclBinding> registry(String user) {
		AccessControlEntry all = new AccessControlEntry("User:" + user, "*", AclOperation.ALL, AclPermissionType.ALLOW);
		AccessControlEntry read = new AccessControlEntry("User:" + user, "*", AclOperation.READ,
				AclPermissionType.ALLOW);
		return List.of(
				new AclBinding(new ResourcePattern(ResourceType.TOPIC, REGISTRY_TOPICS, PatternType.PREFIXED), all),
				new AclBinding(
						new ResourcePattern(ResourceType.GROUP, ResourcePattern.WILDCARD_RESOURCE, PatternType.LITERAL),
						read));
	}

}
