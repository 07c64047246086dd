package dev.latchkey.admin.importer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.admin.LatchkeyAdmin;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.HpkeOpener;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.kafka.KafkaDefaults;
import dev.latchkey.kafka.TopicCreation;
import dev.latchkey.local.SharedInfrastructure;
import dev.latchkey.schemas.CredentialReceived;
import dev.latchkey.schemas.IntegrationStatusChanged;
import dev.latchkey.schemas.Topics;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;

/**
 * What the import tests share: the broker and registry ({@link SharedInfrastructure}), a
 * vault keyset (the public half for the importer, the private half to prove what was
 * sealed), running the command in this JVM with a given environment, reading what it
 * published, and a stand-in for the vault and scanner that stores each event id once and
 * publishes a verdict.
 */
final class ImportHarness {

	static final SharedInfrastructure infra = SharedInfrastructure.get();

	private static final KeysetHandle vaultPrivate = Keysets.generate(Keysets.HPKE_TEMPLATE);

	static final Path vaultPublicFile;

	static {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()))) {
			TopicCreation.ensure(admin, 3);
			vaultPublicFile = Files.createTempFile("vault-public", ".json");
			Files.writeString(vaultPublicFile, Keysets.toPublicJson(Keysets.publicOf(vaultPrivate)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private ImportHarness() {
	}

	record Result(int exit, String out, String err) {

		String all() {
			return this.out + this.err;
		}

	}

	/**
	 * Runs {@code import} in this JVM with this environment (and the broker, registry,
	 * vault key).
	 */
	static Result run(Map<String, String> environment, String... args) {
		List<String> arguments = new ArrayList<>(List.of("import", "--bootstrap-servers", infra.kafkaBootstrapServers(),
				"--registry-url", infra.registryUrl(), "--vault-public-keyset-file", vaultPublicFile.toString()));
		arguments.addAll(List.of(args));
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		PrintStream originalOut = System.out;
		PrintStream originalErr = System.err;
		System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
		System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
		int exit;
		try {
			exit = new CommandLine(new LatchkeyAdmin(), new CommandLine.IFactory() {
				@Override
				public <K> K create(Class<K> type) throws Exception {
					return (type == ImportCommand.class) ? type.cast(new ImportCommand(environment))
							: CommandLine.defaultFactory().create(type);
				}
			}).execute(arguments.toArray(String[]::new));
		}
		finally {
			System.setOut(originalOut);
			System.setErr(originalErr);
		}
		Result result = new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
		originalOut.print(result.out());
		return result;
	}

	static JsonNode report(Path file) {
		try {
			return new ObjectMapper().readTree(file.toFile());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Every {@code CredentialReceived} of these tenants, in topic order per partition.
	 */
	static List<CredentialReceived> published(Set<String> tenants) {
		List<CredentialReceived> events = new ArrayList<>();
		Map<String, Object> config = new HashMap<>(KafkaDefaults.serdeProperties(infra.registryUrl()));
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
		AvroKafkaDeserializer<CredentialReceived> values = new AvroKafkaDeserializer<>();
		values.configure(config, false);
		try (KafkaConsumer<String, CredentialReceived> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				values)) {
			readAll(consumer, Topics.CREDENTIAL_RECEIVED, (record) -> {
				if (tenants.contains(record.value().getTenantId())) {
					events.add(record.value());
				}
			});
		}
		return events;
	}

	/** The raw bytes (keys and values) of every record of a topic. */
	static List<byte[]> rawRecords(String topic) {
		List<byte[]> raw = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers()),
				new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
			readAll(consumer, topic, (record) -> {
				if (record.key() != null) {
					raw.add(record.key());
				}
				if (record.value() != null) {
					raw.add(record.value());
				}
			});
		}
		return raw;
	}

	private static <K, V> void readAll(KafkaConsumer<K, V> consumer, String topic,
			java.util.function.Consumer<ConsumerRecord<K, V>> each) {
		List<TopicPartition> partitions = new ArrayList<>();
		for (PartitionInfo info : consumer.partitionsFor(topic)) {
			partitions.add(new TopicPartition(topic, info.partition()));
		}
		consumer.assign(partitions);
		consumer.seekToBeginning(partitions);
		Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (partitions.stream().anyMatch((p) -> consumer.position(p) < end.get(p))) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Could not read " + topic + " to its end");
			}
			consumer.poll(Duration.ofMillis(200)).forEach(each);
		}
	}

	/** Opens a published credential's sealed secret with the vault's private key. */
	static SecretFields open(CredentialReceived event) {
		ByteBuffer buffer = event.getSealedSecret().duplicate();
		byte[] sealed = new byte[buffer.remaining()];
		buffer.get(sealed);
		return new HpkeOpener(vaultPrivate).open(sealed,
				AssociatedData.forSubmission(event.getTenantId(), event.getIntegrationId(), event.getEventId()));
	}

	/**
	 * Stands in for the vault and the scanner: applies each event id once (a new version
	 * per new event id of an integration, as the vault does), opens every secret, and
	 * publishes the integration's status — PENDING_VERIFICATION, then the verdict.
	 * @return integration id → versions stored
	 */
	static Map<String, Integer> vaultAndScanner(Set<String> tenants, Function<SecretFields, String> verdict) {
		Map<String, Integer> versions = new LinkedHashMap<>();
		Set<String> applied = new java.util.HashSet<>();
		Map<String, Object> config = new HashMap<>(KafkaDefaults.serdeProperties(infra.registryUrl()));
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
		AvroKafkaSerializer<IntegrationStatusChanged> values = new AvroKafkaSerializer<>();
		values.configure(config, false);
		try (KafkaProducer<String, IntegrationStatusChanged> producer = new KafkaProducer<>(config,
				new StringSerializer(), values)) {
			for (CredentialReceived event : published(tenants)) {
				SecretFields secret = open(event);
				if (!applied.add(event.getEventId())) {
					continue;
				}
				int version = versions.merge(event.getIntegrationId(), 1, Integer::sum);
				for (String state : List.of(Verification.PENDING, verdict.apply(secret))) {
					producer.send(new ProducerRecord<>(Topics.INTEGRATION_STATUS, event.getIntegrationId(),
							status(event, version, state)));
				}
			}
			producer.flush();
		}
		return versions;
	}

	private static IntegrationStatusChanged status(CredentialReceived event, int version, String state) {
		Instant now = Instant.now();
		return IntegrationStatusChanged.newBuilder()
			.setEventId(UUID.randomUUID().toString())
			.setTenantId(event.getTenantId())
			.setIntegrationId(event.getIntegrationId())
			.setProvider(event.getProvider())
			.setName(event.getName())
			.setOccurredAt(now)
			.setState(state)
			.setVersion(version)
			.setPublicFields(event.getPublicFields())
			.setCreatedAt(now)
			.setUpdatedAt(now)
			.setSource(event.getSource())
			.build();
	}

	/** Where a secret turns up in text or bytes, for the canary sweep. */
	static List<String> whereFound(String secret, Map<String, String> texts, List<byte[]> records) {
		List<String> found = new ArrayList<>();
		texts.forEach((where, text) -> {
			if (text != null && text.contains(secret)) {
				found.add(where);
			}
		});
		byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i < records.size(); i++) {
			if (indexOf(records.get(i), needle) >= 0) {
				found.add("record " + i);
			}
		}
		return found;
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	static String read(Path file) {
		try {
			return Files.exists(file) ? Files.readString(file) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

}
