package dev.latchkey.admin.importer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.latchkey.admin.LatchkeyAdmin;
import dev.latchkey.schemas.CredentialReceived;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An import in a JVM of its own is killed with SIGKILL part way; a second run resumes
 * from the checkpoint. Every row ends up stored exactly once: rows the checkpoint holds
 * are not published again, and the few the broker acknowledged after the checkpoint's
 * last write are published again with the same event ids, which the vault applies once.
 */
class ImportCrashIT {

	private static final int ROWS = 600;

	@TempDir
	Path dir;

	@Test
	@DisplayName("kill -9 mid-run, then resume: every row exactly once")
	void killedThenResumed() throws Exception {
		String key = LegacyCrypto.newKey();
		String tenant = ImportHarness.unique("crash");
		String table = "crash_" + UUID.randomUUID().toString().substring(0, 8);
		String organization = UUID.randomUUID().toString();
		try (Connection connection = RealPostgres.connect(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE " + table + " (id UUID PRIMARY KEY DEFAULT gen_random_uuid(), "
					+ "organization_id UUID NOT NULL, integration_type TEXT NOT NULL, name TEXT NOT NULL, "
					+ "config JSONB NOT NULL, encrypted BOOLEAN)");
			try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
					+ " (organization_id, integration_type, name, config, encrypted) VALUES (?::uuid, 'demo', ?, ?::jsonb, true)")) {
				for (int i = 0; i < ROWS; i++) {
					insert.setString(1, organization);
					insert.setString(2, "integration " + i);
					insert.setString(3,
							"{\"api_key\":\"" + LegacyCrypto.dotted(key, "demo_live_row_" + i, true, 12) + "\"}");
					insert.addBatch();
				}
				insert.executeBatch();
			}
		}
		Path mapping = Files.writeString(this.dir.resolve("crash.yml"), """
				source: postgres-integrations
				connection: { url: "%s", user: postgres, table: %s }
				tenants: { "%s": %s }
				providers: { demo: { provider: demo } }
				""".formatted(RealPostgres.jdbcUrl(), table, organization, tenant));
		Path checkpoint = this.dir.resolve("crash.checkpoint.jsonl");

		Process child = launch(mapping, key);
		try {
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> lines(checkpoint) >= 100);
		}
		finally {
			child.destroyForcibly();
			child.waitFor(30, TimeUnit.SECONDS);
		}
		assertThat(child.exitValue()).isEqualTo(137);
		int checkpointed = lines(checkpoint);
		int publishedAtKill = ImportHarness.published(Set.of(tenant)).size();
		assertThat(checkpointed).isLessThan(ROWS);

		ImportHarness.Result resumed = ImportHarness.run(Map.of("ENCRYPTION_KEY", key), "--mapping",
				mapping.toString());

		assertThat(resumed.exit()).isZero();
		JsonNode report = ImportHarness.report(this.dir.resolve("crash.report.json"));
		assertThat(report.get("problems").get("ALREADY_IMPORTED").asInt()).isGreaterThanOrEqualTo(checkpointed);
		List<CredentialReceived> events = ImportHarness.published(Set.of(tenant));
		Map<String, Set<String>> eventsPerIntegration = new HashMap<>();
		events
			.forEach((event) -> eventsPerIntegration.computeIfAbsent(event.getIntegrationId(), (id) -> new HashSet<>())
				.add(event.getEventId()));
		assertThat(eventsPerIntegration).hasSize(ROWS);
		assertThat(eventsPerIntegration.values()).allSatisfy((ids) -> assertThat(ids).hasSize(1));
		// Published twice only: what the broker had acknowledged beyond the checkpoint at
		// the kill.
		assertThat(events.size() - ROWS).isLessThanOrEqualTo(publishedAtKill - checkpointed);
		assertThat(ImportHarness.vaultAndScanner(Set.of(tenant), (secret) -> "ACTIVE").values()).hasSize(ROWS)
			.containsOnly(1);
		Set<String> rows = new HashSet<>();
		Files.readAllLines(checkpoint).stream().filter((line) -> !line.isBlank()).forEach(rows::add);
		assertThat(Checkpoint.open(checkpoint).published()).hasSize(ROWS);
		System.out.printf("Killed after %d checkpointed, %d published; resumed: %d published in all%n", checkpointed,
				publishedAtKill, events.size());
	}

	private Process launch(Path mapping, String key) throws Exception {
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), LatchkeyAdmin.class.getName(), "import", "--mapping",
				mapping.toString(), "--max-rate", "150", "--bootstrap-servers",
				ImportHarness.infra.kafkaBootstrapServers(), "--registry-url", ImportHarness.infra.registryUrl(),
				"--vault-public-keyset-file", ImportHarness.vaultPublicFile.toString()));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(Path.of("target/import-crash-child.log").toFile());
		builder.environment().put("ENCRYPTION_KEY", key);
		return builder.start();
	}

	private static int lines(Path file) throws Exception {
		if (!Files.exists(file)) {
			return 0;
		}
		return (int) Files.readAllLines(file).stream().filter((line) -> line.endsWith("}")).count();
	}

}
