package dev.latchkey.admin.importer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Import of 10,000 rows of the PostgreSQL {@code integrations} shape (each with an
 * AES-256-GCM {@code iv.tag.ciphertext} secret) end to end — read, open, check, seal,
 * publish through the registry, acknowledged and checkpointed — against reading the same
 * rows from the source alone, in the same run, the two taking turns over several rounds
 * (median reported). A measurement, not a check: run with
 * {@code -Dit.test=ImportRateIT -Dlatchkey.measure=true}; the figures are in the output.
 */
@EnabledIfSystemProperty(named = "latchkey.measure", matches = "true")
class ImportRateIT {

	private static final int ROWS = 10_000;

	private static final int ROUNDS = 3;

	@TempDir
	Path dir;

	@Test
	void measure() throws Exception {
		String key = LegacyCrypto.newKey();
		String table = "rate_" + UUID.randomUUID().toString().substring(0, 8);
		String organization = UUID.randomUUID().toString();
		try (Connection connection = RealPostgres.connect(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE " + table + " (id UUID PRIMARY KEY DEFAULT gen_random_uuid(), "
					+ "organization_id UUID NOT NULL, integration_type TEXT NOT NULL, name TEXT NOT NULL, "
					+ "config JSONB NOT NULL, encrypted BOOLEAN)");
			connection.setAutoCommit(false);
			try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
					+ " (organization_id, integration_type, name, config, encrypted) VALUES (?::uuid, 'twilio_inbound', ?, ?::jsonb, true)")) {
				for (int i = 0; i < ROWS; i++) {
					insert.setString(1, organization);
					insert.setString(2, "line " + i);
					insert.setString(3,
							"{\"account_sid\":\"AC%032x\",\"auth_token\":\"%s\",\"phone_number\":\"+1775%07d\"}"
								.formatted(i, LegacyCrypto.dotted(key, "%032x".formatted(i * 7919L), true, 12), i));
					insert.addBatch();
				}
				insert.executeBatch();
			}
			connection.commit();
		}
		List<Double> reads = new ArrayList<>();
		List<Double> imports = new ArrayList<>();
		for (int round = 0; round < ROUNDS; round++) {
			String tenant = ImportHarness.unique("rate");
			Path mapping = Files.writeString(this.dir.resolve("rate-" + round + ".yml"), """
					source: postgres-integrations
					connection: { url: "%s", user: postgres, table: %s }
					tenants: { "%s": %s }
					providers: { twilio_inbound: { provider: twilio } }
					""".formatted(RealPostgres.jdbcUrl(), table, organization, tenant));
			reads.add(readAlone(mapping, key));
			ImportHarness.Result result = ImportHarness.run(Map.of("ENCRYPTION_KEY", key), "--mapping",
					mapping.toString());
			JsonNode report = ImportHarness.report(this.dir.resolve("rate-" + round + ".report.json"));
			if (result.exit() != 0 || report.get("totals").get("created").asInt() != ROWS) {
				throw new IllegalStateException("The import did not publish every row: " + result.out());
			}
			imports.add(report.get("rowsPerSecond").asDouble());
		}
		double read = median(reads);
		double imported = median(imports);
		System.out.printf("Import of %,d rows (postgres-integrations, AES-256-GCM secret each), median of %d rounds:%n"
				+ "  reading the rows from the source alone: %,.0f rows/s (rounds %s)%n"
				+ "  import end to end (read, open, check, seal, publish through the registry, acknowledged, checkpointed): %,.0f rows/s (rounds %s)%n"
				+ "  ratio: %.2f of reading alone%n", ROWS, ROUNDS, read, rounded(reads), imported, rounded(imports),
				imported / read);
	}

	/**
	 * Rows per second of reading the table through the importer's source, nothing else.
	 */
	private static double readAlone(Path mappingFile, String key) throws Exception {
		Mapping mapping = Mapping.read(mappingFile);
		AtomicLong rows = new AtomicLong();
		long started = System.nanoTime();
		try (IntegrationsTable source = IntegrationsTable.open(mapping, Map.of(),
				new LegacyKeys(Map.of("ENCRYPTION_KEY", key)))) {
			source.count();
			source.forEach((row) -> rows.incrementAndGet());
		}
		return rows.get() * 1e9 / (System.nanoTime() - started);
	}

	private static double median(List<Double> values) {
		return values.stream().sorted().toList().get(values.size() / 2);
	}

	private static String rounded(List<Double> values) {
		return values.stream().map((v) -> String.format("%,.0f", v)).toList().toString();
	}

}
