package dev.latchkey.admin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import dev.latchkey.admin.importer.ImportCommand;
import dev.latchkey.kafka.TopicCreation;
import dev.latchkey.schemas.Topics;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar admin.jar <command>}: what an operator does to a running Latchkey.
 */
@Command(name = "latchkey-admin", mixinStandardHelpOptions = true,
		subcommands = { LatchkeyAdmin.CreateTopics.class, LatchkeyAdmin.CreateAcls.class, RegisterSchemas.class,
				LatchkeyAdmin.ReplayDeadLetters.class, KeyCommands.RotateRoot.class, KeyCommands.RotateTenant.class,
				KeyCommands.Rewrap.class, KeyCommands.OffboardTenant.class, KeyCommands.Audit.class,
				LatchkeyAdmin.Keys.class, ImportCommand.class },
		description = "Operator commands for a running Latchkey.")
public final class LatchkeyAdmin {

	public static void main(String[] args) {
		System.exit(run(args));
	}

	static int run(String... args) {
		return new CommandLine(new LatchkeyAdmin()).execute(args);
	}

	static class Broker {

		@Option(names = "--bootstrap-servers",
				description = "Kafka brokers (default: $KAFKA_BOOTSTRAP_SERVERS or localhost:9092)")
		String bootstrapServers = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");

		/**
		 * The brokers, and SASL when the environment names a user
		 * ({@link KafkaSecurity}).
		 */
		Map<String, Object> clientConfig(Map<String, Object> own) {
			Map<String, Object> config = new HashMap<>(KafkaSecurity.fromEnvironment());
			config.putAll(own);
			config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers);
			return config;
		}

	}

	@Command(name = "keys", mixinStandardHelpOptions = true, description = "The vault's keys.",
			subcommands = { KeyCommands.Status.class, KeyCommands.DisableOld.class, WrapRootKeyset.class })
	static class Keys {

	}

	@Command(name = "topics",
			description = "Creates every Latchkey topic (and its dead-letter topic) that does not exist yet.")
	static class CreateTopics implements Callable<Integer> {

		@CommandLine.Mixin
		Broker broker = new Broker();

		@Option(names = "--partitions", description = "Partitions of each new topic (default: ${DEFAULT-VALUE})")
		int partitions = Topics.DEFAULT_PARTITIONS;

		@Override
		public Integer call() throws Exception {
			try (Admin admin = Admin.create(this.broker.clientConfig(Map.of()))) {
				List<String> created = TopicCreation.ensure(admin, this.partitions);
				System.out.println("Created " + created.size() + " topic(s)" + (created.isEmpty() ? "" : ": " + created)
						+ "; " + (Topics.declarations().size() - created.size()) + " existed already.");
			}
			return 0;
		}

	}

	@Command(name = "acls",
			description = { "Grants each service (SCRAM users collector, vault, scanner, status) exactly its topics: "
					+ "produce what it publishes and to the dead-letter topics of what it consumes, consume what it "
					+ "reads in its own group; and the registry (user --registry-user) its kafkasql topics.",
					"For a broker with an authorizer; run as a super user. Idempotent." })
	static class CreateAcls implements Callable<Integer> {

		@CommandLine.Mixin
		Broker broker = new Broker();

		@Option(names = "--registry-user", description = "The registry's SCRAM user (default: ${DEFAULT-VALUE})")
		String registryUser = "registry";

		@Override
		public Integer call() throws Exception {
			List<AclBinding> bindings = new ArrayList<>();
			for (KafkaAccess.Grant grant : KafkaAccess.grants()) {
				bindings.addAll(grant.bindings());
			}
			bindings.addAll(KafkaAccess.registry(this.registryUser));
			try (Admin admin = Admin.create(this.broker.clientConfig(Map.of()))) {
				admin.createAcls(bindings).all().get(30, TimeUnit.SECONDS);
			}
			bindings.forEach((binding) -> System.out.println(binding.entry().principal() + " "
					+ binding.entry().operation() + " " + binding.pattern().resourceType() + " "
					+ binding.pattern().patternType() + " " + binding.pattern().name()));
			return 0;
		}

	}

	@Command(name = "replay-dead-letters",
			description = "Sends dead letters back to the topic they came from, once each: run with --dry-run first to see counts per reason.")
	static class ReplayDeadLetters implements Callable<Integer> {

		@CommandLine.Mixin
		Broker broker = new Broker();

		@Option(names = "--topic",
				description = "A dead-letter topic, or the topic whose dead letters to replay (repeatable; default: all)")
		List<String> topics = List.of();

		@Option(names = "--dry-run", description = "Count what would be replayed, per topic and reason; send nothing")
		boolean dryRun;

		@Override
		public Integer call() throws Exception {
			List<String> deadLetterTopics = this.topics.isEmpty() ? DeadLetterReplay.allDeadLetterTopics()
					: this.topics.stream()
						.map((topic) -> topic.endsWith(Topics.DEAD_LETTER_SUFFIX) ? topic : Topics.deadLetterOf(topic))
						.toList();
			try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig(),
					new StringDeserializer(), new ByteArrayDeserializer());
					KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig(),
							new StringSerializer(), new ByteArraySerializer())) {
				System.out.println(new DeadLetterReplay(consumer, producer).run(deadLetterTopics, this.dryRun));
			}
			return 0;
		}

		private Map<String, Object> consumerConfig() {
			return this.broker.clientConfig(Map.of(ConsumerConfig.GROUP_ID_CONFIG, DeadLetterReplay.GROUP,
					ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false, ConsumerConfig.CLIENT_ID_CONFIG,
					"latchkey-admin-" + UUID.randomUUID()));
		}

		private Map<String, Object> producerConfig() {
			return this.broker.clientConfig(
					Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
		}

	}

}
