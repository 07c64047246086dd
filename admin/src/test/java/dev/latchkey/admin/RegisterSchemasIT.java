package dev.latchkey.admin;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import dev.latchkey.kafka.KafkaDefaults;
import dev.latchkey.local.SharedInfrastructure;
import dev.latchkey.schemas.ConnectFailed;
import dev.latchkey.schemas.Topics;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The one-shot registration against the real registry: afterwards a producer whose serde
 * may not register anything finds the schema of every topic, dead-letter topics included;
 * running it again changes nothing.
 */
class RegisterSchemasIT {

	private static SharedInfrastructure infra;

	@BeforeAll
	static void registry() {
		infra = SharedInfrastructure.get();
	}

	@Test
	void registersEveryTopicsSchema_underTheSerdesArtifactIds_idempotently() {
		StringWriter first = new StringWriter();
		assertThat(registerSchemas(first)).isZero();
		for (String topic : Topics.valueSchemas().keySet()) {
			assertThat(first.toString()).contains(RegisterSchemas.artifactId(topic) + ": version ");
		}

		StringWriter again = new StringWriter();
		assertThat(registerSchemas(again)).isZero();
		assertThat(again.toString()).isEqualTo(first.toString());
	}

	@Test
	void aProducerWithoutAutoRegistrationFindsTheRegisteredSchemas() {
		assertThat(registerSchemas(new StringWriter())).isZero();

		// A serializer each: one caches a schema by its content, whatever the topic.
		assertThat(serializeWithoutAutoRegistration(Topics.CONNECT_FAILED)).isNotEmpty();
		assertThat(serializeWithoutAutoRegistration(Topics.deadLetterOf(Topics.CONNECT_FAILED))).isNotEmpty();
		// The control: the flag is really off, so an unregistered topic fails.
		assertThatThrownBy(() -> serializeWithoutAutoRegistration("not-registered-" + System.nanoTime()))
			.isInstanceOf(RuntimeException.class);
	}

	private static int registerSchemas(StringWriter out) {
		CommandLine command = new CommandLine(new LatchkeyAdmin());
		command.setOut(new PrintWriter(out, true));
		return command.execute("register-schemas", "--registry-url", infra.registryUrl(), "--wait", "30s");
	}

	private static byte[] serializeWithoutAutoRegistration(String topic) {
		Map<String, Object> config = new HashMap<>(KafkaDefaults.serdeProperties(infra.registryUrl()));
		config.put("apicurio.registry.auto-register", "false");
		try (AvroKafkaSerializer<ConnectFailed> serializer = new AvroKafkaSerializer<>()) {
			serializer.configure(config, false);
			return serializer.serialize(topic, anEvent());
		}
	}

	private static ConnectFailed anEvent() {
		return ConnectFailed.newBuilder()
			.setEventId("e-1")
			.setTenantId("acme")
			.setIntegrationId("int_a")
			.setProvider("demo-oauth")
			.setName("default")
			.setReason("ACCESS_DENIED")
			.setOccurredAt(Instant.now())
			.build();
	}

}
