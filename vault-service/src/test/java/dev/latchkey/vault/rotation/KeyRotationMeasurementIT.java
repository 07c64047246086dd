package dev.latchkey.vault.rotation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.google.crypto.tink.KeysetHandle;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.local.SharedInfrastructure;
import dev.latchkey.vault.Fixtures;
import dev.latchkey.vault.crypto.Envelope;
import dev.latchkey.vault.crypto.KeyHierarchy;
import dev.latchkey.vault.crypto.StoredVersion;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The figures of the vault README: rewrap throughput against raw MongoDB updates of the
 * same documents (same compare-and-set filter, same concurrency, no crypto) in the same
 * run, and root rotation time at 1,000 and 10,000 credentials. A measurement, not a
 * check: run it with
 * {@code ./mvnw -pl vault-service -am verify -Dtest=NONE -Dit.test=KeyRotationMeasurementIT -Dlatchkey.measure=true -Dsurefire.failIfNoSpecifiedTests=false};
 * the figures are printed and written to {@code target/key-rotation-figures.md}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@EnabledIfSystemProperty(named = "latchkey.measure", matches = "true")
class KeyRotationMeasurementIT {

	private static final int REWRAPPED = 5_000;

	private static final int TENANTS = 50;

	private static final int CONCURRENCY = 8;

	private static final KeysetHandle ROOT = Fixtures.anAeadKeyset();

	@Autowired
	private ReactiveMongoTemplate mongo;

	@Autowired
	private KeyHierarchy keys;

	@Autowired
	private KeyOperationRunner runner;

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		SharedInfrastructure infra = SharedInfrastructure.get();
		registry.add("spring.kafka.bootstrap-servers", infra::kafkaBootstrapServers);
		registry.add("spring.kafka.properties.apicurio.registry.url", infra::registryUrl);
		registry.add("spring.kafka.listener.auto-startup", () -> "false");
		registry.add("spring.mongodb.uri", () -> infra.mongoConnectionString() + "rotation-measure-"
				+ UUID.randomUUID().toString().substring(0, 8));
		registry.add("latchkey.vault.keys.root-keyset-file", KeyRotationMeasurementIT::rootKeysetFile);
		registry.add("latchkey.vault.keys.submission-keyset", () -> Keysets.toSecretJson(Fixtures.anHpkeKeyset()));
	}

	@Test
	void measure() throws IOException {
		List<String> lines = new ArrayList<>();
		lines.add("| Figure | Value |");
		lines.add("| --- | --- |");

		String tenant = "bench-rewrap";
		List<Document> versions = store(List.of(tenant), REWRAPPED);
		// A warm-up pass, so that neither side pays for the JIT.
		Flux.fromIterable(versions).flatMap(this::rawUpdate, CONCURRENCY).count().block();
		long rawStart = System.nanoTime();
		long updated = Flux.fromIterable(versions).flatMap(this::rawUpdate, CONCURRENCY).count().block();
		double rawSeconds = seconds(rawStart);
		assertThat(updated).isEqualTo(REWRAPPED);

		long rewrapStart = System.nanoTime();
		KeyOperation rewrap = awaitDone(this.runner.rotateTenant(tenant).block());
		double rewrapSeconds = seconds(rewrapStart);
		assertThat(rewrap.done()).isEqualTo(REWRAPPED);
		double rawRate = REWRAPPED / rawSeconds;
		double rewrapRate = REWRAPPED / rewrapSeconds;
		lines.add(String.format("| raw MongoDB updates, %,d version documents, concurrency %d | %,.0f /s |", REWRAPPED,
				CONCURRENCY, rawRate));
		lines.add(String.format("| tenant rotation rewrap of the same documents | %,.0f /s |", rewrapRate));
		lines.add(String.format("| **rewrap / raw** | **%.2f** |", rewrapRate / rawRate));

		List<String> tenants = new ArrayList<>();
		for (int i = 0; i < TENANTS; i++) {
			tenants.add("bench-root-" + i);
		}
		store(tenants, 1_000);
		double at1k = rootRotationSeconds();
		store(tenants, 9_000);
		double at10k = rootRotationSeconds();
		lines.add(String.format("| root rotation, %d tenants, 1,000 credentials (median of 5) | %.3f s |", TENANTS,
				at1k));
		lines.add(String.format("| root rotation, %d tenants, 10,000 credentials (median of 5) | %.3f s |", TENANTS,
				at10k));
		lines.add(String.format("| **10,000 / 1,000** | **%.2f** |", at10k / at1k));

		String table = String.join("\n", lines);
		System.out.println(table);
		Files.writeString(Path.of("target/key-rotation-figures.md"), table + "\n");
	}

	/** Stores {@code count} versions spread over the tenants, encrypted for real. */
	private List<Document> store(List<String> tenants, int count) {
		List<Document> documents = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String tenant = tenants.get(i % tenants.size());
			String integration = "int_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
			StoredVersion where = new StoredVersion(tenant, integration, 1, "demo", "default",
					Fixtures.demoPublicFields());
			Envelope envelope = this.keys.encrypt(where, Fixtures.aDemoKey()).block();
			documents.add(new Document("_id", UUID.randomUUID().toString()).append("tenantId", tenant)
				.append("integrationId", integration)
				.append("provider", "demo")
				.append("name", "default")
				.append("version", 1L)
				.append("publicFields", new Document(Map.copyOf(Fixtures.demoPublicFields())))
				.append("secret",
						new Document("ciphertext", new Binary(envelope.ciphertext()))
							.append("wrappedDataKey", new Binary(envelope.wrappedDataKey()))
							.append("rootKeyId", envelope.rootKeyId())
							.append("tenantKeyId", envelope.tenantKeyId())
							.append("format", envelope.format())));
		}
		this.mongo.insert(documents, "credential_versions").then().block();
		return documents;
	}

	private Mono<Long> rawUpdate(Document version) {
		Document secret = version.get("secret", Document.class);
		Binary wrapped = secret.get("wrappedDataKey", Binary.class);
		return this.mongo.getCollection("credential_versions")
			.flatMap((c) -> Mono.from(c.updateOne(
					Filters.and(Filters.eq("_id", version.getString("_id")), Filters.eq("version", 1L),
							Filters.eq("secret.wrappedDataKey", wrapped)),
					Updates.combine(Updates.set("secret.wrappedDataKey", wrapped),
							Updates.set("secret.tenantKeyId", secret.getLong("tenantKeyId"))))))
			.map((result) -> result.getMatchedCount());
	}

	/** The median of five rotations. */
	private double rootRotationSeconds() {
		List<Double> times = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			System.gc();
			long start = System.nanoTime();
			KeyOperation done = awaitDone(this.runner.rotateRoot().block());
			assertThat(done.failed()).isZero();
			// Every tenant key, the rewrap benchmark's tenant too: nothing else.
			assertThat(done.done()).isEqualTo(TENANTS + 1);
			times.add(seconds(start));
		}
		return times.stream().sorted().toList().get(2);
	}

	private KeyOperation awaitDone(KeyOperation started) {
		long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
		KeyOperation operation = started;
		while (operation.isRunning()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Operation " + started.id() + " still running");
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			operation = this.runner.find(started.id()).block();
		}
		return operation;
	}

	private static double seconds(long start) {
		return (System.nanoTime() - start) / 1e9;
	}

	private static String rootKeysetFile() {
		try {
			Path file = Files.createTempFile("rotation-measure-root", ".json");
			Files.writeString(file, Keysets.toSecretJson(ROOT));
			file.toFile().deleteOnExit();
			return file.toString();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
