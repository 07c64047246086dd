package dev.latchkey.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.mongodb.MongoDBContainer;

/**
 * Every scenario of {@link EndToEndIT} — a key to ACTIVE, OAuth connect and refresh,
 * tenant isolation, the canary sweep, a restart of the services — against the production
 * path: the Kafka, MongoDB and registry (kafkasql storage) images of docker-compose.yml
 * in containers, with the four services from their jars in child JVMs as the embedded
 * default runs them ({@link LocalStack#startAgainst}). The restart stops and starts the
 * services; the containers keep running, as a platform's Kafka and MongoDB would.
 * <p>
 * Needs a Docker engine: without one the class is skipped, and says so on the console.
 */
@ExtendWith(ContainersEndToEndIT.DockerRequired.class)
class ContainersEndToEndIT extends EndToEndIT {

	private static final Duration REGISTRY_READY_WITHIN = Duration.ofMinutes(3);

	/** The registry reaches the broker on the containers' network under this name. */
	private static final String KAFKA_ALIAS = "kafka";

	private static Network network;

	private static KafkaContainer kafka;

	private static MongoDBContainer mongo;

	private static GenericContainer<?> registry;

	/** Hides {@link EndToEndIT#startTheSystem()}: the containers instead. */
	@BeforeAll
	static void startTheSystem() throws IOException {
		network = Network.newNetwork();
		kafka = new KafkaContainer(ComposeImages.of("kafka")).withNetwork(network)
			.withNetworkAliases(KAFKA_ALIAS)
			.withListener(KAFKA_ALIAS + ":19092");
		mongo = new MongoDBContainer(ComposeImages.of("mongo")).withNetwork(network);
		Startables.deepStart(kafka, mongo).join();
		registry = new GenericContainer<>(ComposeImages.of("registry")).withNetwork(network)
			.withEnv("KAFKA_BOOTSTRAP_SERVERS", KAFKA_ALIAS + ":19092")
			.withEnv("REGISTRY_RULES_GLOBAL_COMPATIBILITY", "BACKWARD")
			.withExposedPorts(8080)
			.waitingFor(Wait.forHttp("/health/ready").forStatusCode(200).withStartupTimeout(REGISTRY_READY_WITHIN));
		registry.start();
		LocalStack.Infrastructure infrastructure = new LocalStack.Infrastructure(kafka.getBootstrapServers(),
				"http://" + registry.getHost() + ":" + registry.getMappedPort(8080) + "/apis/registry/v2",
				mongo.getConnectionString());
		start(() -> LocalStack.startAgainst(infrastructure, home, ports, repositoryRoot()));
	}

	/**
	 * Hides {@link EndToEndIT#stopTheSystem()}: the services first, then the containers.
	 */
	@AfterAll
	static void stopTheSystem() {
		EndToEndIT.stopTheSystem();
		for (GenericContainer<?> container : new GenericContainer<?>[] { registry, mongo, kafka }) {
			if (container != null) {
				container.stop();
			}
		}
		if (network != null) {
			network.close();
		}
	}

	/**
	 * Skips the class where Testcontainers finds no Docker engine, with the reason on
	 * standard output (Maven shows it next to the skipped count).
	 */
	static final class DockerRequired implements ExecutionCondition {

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			if (DockerClientFactory.instance().isDockerAvailable()) {
				return ConditionEvaluationResult.enabled("Docker is available");
			}
			String reason = context.getDisplayName() + " skipped: no Docker engine found (Testcontainers runs the"
					+ " end-to-end suite against the Kafka, MongoDB and registry images of docker-compose.yml"
					+ " where Docker is available; see README, \"Production deployment\")";
			if (context.getTestMethod().isEmpty()) {
				System.out.println("[SKIPPED] " + reason);
			}
			return ConditionEvaluationResult.disabled(reason);
		}

	}

	/**
	 * The images docker-compose.yml runs, read from it, so that the tests cannot drift
	 * from what is deployed.
	 */
	static final class ComposeImages {

		private ComposeImages() {
		}

		static String of(String service) {
			Path compose = repositoryRoot().resolve("docker-compose.yml");
			try {
				Matcher image = Pattern
					.compile("(?m)^  " + Pattern.quote(service) + ":\\s*\\n(?:    .*\\n|\\s*\\n)*?    image: (\\S+)")
					.matcher(Files.readString(compose));
				if (!image.find()) {
					throw new IllegalStateException("No image of service " + service + " in " + compose);
				}
				return image.group(1);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

}
