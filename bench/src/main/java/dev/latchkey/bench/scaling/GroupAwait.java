package dev.latchkey.bench.scaling;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.latchkey.bench.Arguments;
import dev.latchkey.bench.Figures;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until a consumer group is stable with the expected number of members and every
 * partition of a topic assigned: after extra vault instances start, the group must have
 * rebalanced before the next ingest is timed. With {@code --members 0} it only reports
 * the group as it is (the members one vault instance brings, whatever its listener
 * concurrency).
 */
public final class GroupAwait {

	private GroupAwait() {
	}

	public static void main(Arguments args) throws Exception {
		String group = args.text("group", "vault");
		String topic = args.text("topic", "latchkey.credential-received");
		int members = args.number("members", 0);
		Duration timeout = args.seconds("timeout", Duration.ofSeconds(180));
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args.text("kafka")))) {
			int partitions = admin.describeTopics(List.of(topic))
				.allTopicNames()
				.get(30, TimeUnit.SECONDS)
				.get(topic)
				.partitions()
				.size();
			long deadline = System.nanoTime() + timeout.toNanos();
			while (true) {
				ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
					.all()
					.get(30, TimeUnit.SECONDS)
					.get(group);
				Set<TopicPartition> assigned = new HashSet<>();
				int consuming = 0;
				for (MemberDescription member : description.members()) {
					Set<TopicPartition> own = new HashSet<>(member.assignment().topicPartitions());
					own.removeIf((partition) -> !partition.topic().equals(topic));
					consuming += own.isEmpty() ? 0 : 1;
					assigned.addAll(own);
				}
				boolean settled = description.groupState() == GroupState.STABLE && assigned.size() == partitions;
				if (settled && (members == 0 || description.members().size() == members)) {
					new Figures().put("group", group)
						.put("members", description.members().size())
						.put("members_consuming_" + topic, consuming)
						.put("partitions", partitions)
						.report(args.text("out", null));
					return;
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("group " + group + " is " + description.groupState() + " with "
							+ description.members().size() + " members (expected " + members + "), " + assigned.size()
							+ " of " + partitions + " partitions of " + topic + " assigned, after " + timeout);
				}
				Thread.sleep(500);
			}
		}
	}

}
