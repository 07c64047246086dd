package dev.latchkey.admin.importer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.catalogue.IntegrationId;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.schemas.CredentialReceived;
import dev.latchkey.schemas.Topics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PostgreSQL {@code integrations} shape on real PostgreSQL, publishing to a real
 * broker through the registry: mixed plaintext and encrypted rows, a row flagged
 * encrypted but stored in plaintext, corrupted and foreign-key rows, unknown providers
 * and tenants; dry run, import, re-run, verify, scrub, and the canary.
 */
class IntegrationsTableImportIT {

	private static final ObjectMapper json = new ObjectMapper();

	@TempDir
	Path dir;

	private final String key = LegacyCrypto.newKey();

	private final String table = "integrations_" + UUID.randomUUID().toString().substring(0, 8);

	private final String acme = ImportHarness.unique("acme");

	private final String globex = ImportHarness.unique("globex");

	private final String orgA = UUID.randomUUID().toString();

	private final String orgB = UUID.randomUUID().toString();

	private final String canary = "demo_live_CANARY" + UUID.randomUUID().toString().replace("-", "");

	private final String twilioToken = "fedcba9876543210fedcba9876543210";

	private final Map<String, String> rowIds = new LinkedHashMap<>();

	private Path mapping;

	@BeforeEach
	void legacyTable() throws Exception {
		try (Connection connection = RealPostgres.connect(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE " + this.table + " (id UUID PRIMARY KEY DEFAULT gen_random_uuid(), "
					+ "organization_id UUID NOT NULL, integration_type TEXT NOT NULL, name TEXT NOT NULL, "
					+ "config JSONB NOT NULL DEFAULT '{}', status TEXT NOT NULL DEFAULT 'active', encrypted BOOLEAN)");
		}
		row("supabase", this.orgA, "supabase", "My Project", true,
				Map.of("access_token", sealed("sbp_oauth_access_1", true), "refresh_token",
						sealed("sbp_oauth_refresh_1", true), "project_id", "proj_456", "expires_at",
						"2030-01-01T10:30:00Z"));
		row("twilio", this.orgA, "twilio_inbound", "Main line", true,
				Map.of("account_sid", "AC0123456789abcdef0123456789abcdef", "auth_token",
						sealed(this.twilioToken, false), "phone_number", "+17752699735"));
		row("plaintext", this.orgA, "demo", "canary", false, Map.of("api_key", this.canary));
		// The seeds' trap: flagged encrypted by an UPDATE that encrypted nothing.
		row("flagged", this.orgB, "demo", "flagged", true, Map.of("api_key", "demo_live_flagged_plain"));
		String altered = sealed("demo_live_altered", true);
		row("altered", this.orgA, "demo", "altered", true,
				Map.of("api_key", altered.substring(0, altered.length() - 2) + (altered.endsWith("00") ? "11" : "00")));
		String truncated = sealed("demo_live_truncated", true);
		row("truncated", this.orgA, "demo", "truncated", true,
				Map.of("api_key", truncated.replaceFirst("\\.([0-9a-f]{30})[0-9a-f]{2}\\.", ".$1.")));
		row("foreign-key", this.orgA, "demo", "foreign", true,
				Map.of("api_key", LegacyCrypto.dotted(LegacyCrypto.newKey(), "demo_live_foreign", true, 12)));
		row("unknown-provider", this.orgA, "sendgrid", "mail", true, Map.of("api_key", sealed("SG.x", true)));
		row("unknown-tenant", UUID.randomUUID().toString(), "demo", "stray", false,
				Map.of("api_key", "demo_live_stray"));
		row("missing-field", this.orgA, "demo", "empty", false, Map.of("note", "no key here"));
		row("skipped", this.orgA, "internal_webhook", "hook", false, Map.of("url", "http://localhost"));
		this.mapping = Files.writeString(this.dir.resolve("integrations.yml"), """
				source: postgres-integrations
				connection:
				  url: %s
				  user: postgres
				  table: %s
				tenants:
				  %s: %s
				  %s: %s
				providers:
				  supabase: { provider: supabase, expiresAt: expires_at }
				  twilio_inbound: { provider: twilio }
				  demo: { provider: demo }
				  internal_webhook: { skip: true }
				""".formatted(RealPostgres.jdbcUrl(), this.table, this.orgA, this.acme, this.orgB, this.globex));
	}

	@Test
	@DisplayName("a dry run counts per tenant and provider, names each failing row and why, and publishes nothing")
	void dryRun() {
		ImportHarness.Result result = ImportHarness.run(environment(this.key), "--mapping", this.mapping.toString(),
				"--dry-run");

		assertThat(result.exit()).isEqualTo(1);
		JsonNode report = ImportHarness.report(this.dir.resolve("integrations.report.json"));
		assertThat(report.get("dryRun").asBoolean()).isTrue();
		assertThat(report.get("totals").toString())
			.isEqualTo("{\"created\":4,\"updated\":0,\"skipped\":1,\"failed\":6}");
		assertThat(problemsByRow(report)).containsExactlyInAnyOrderEntriesOf(Map.of(id("altered"), "WRONG_KEY",
				id("foreign-key"), "WRONG_KEY", id("truncated"), "BAD_CIPHERTEXT", id("unknown-provider"),
				"UNKNOWN_PROVIDER", id("unknown-tenant"), "UNKNOWN_TENANT", id("missing-field"), "MISSING_FIELD"));
		assertThat(report.get("warnings").toString()).contains(id("flagged"))
			.contains("flagged encrypted but stored in plaintext");
		assertThat(result.out()).contains("Dry run (nothing published)")
			.containsPattern(this.acme + " +demo +created 1, updated 0, skipped 0, failed 4");
		assertThat(ImportHarness.published(Set.of(this.acme, this.globex))).isEmpty();
		assertThat(this.dir.resolve("integrations.checkpoint.jsonl")).doesNotExist();
	}

	@Test
	@DisplayName("an import seals each credential to the vault, a second run publishes nothing, and the secrets appear nowhere else")
	void importOnceThenNothing() throws Exception {
		ImportHarness.Result first = ImportHarness.run(environment(this.key), "--mapping", this.mapping.toString());

		assertThat(first.exit()).isEqualTo(1);
		List<CredentialReceived> events = ImportHarness.published(Set.of(this.acme, this.globex));
		assertThat(events).extracting(CredentialReceived::getProvider)
			.containsExactlyInAnyOrder("supabase", "twilio", "demo", "demo");
		assertThat(events).allSatisfy((event) -> assertThat(event.getSource()).isEqualTo("IMPORT"));
		CredentialReceived supabase = only(events, "supabase");
		assertThat(supabase.getIntegrationId())
			.isEqualTo(IntegrationId.of(this.acme, "supabase", "my-project").value());
		assertThat(supabase.getExpiresAt()).isEqualTo(java.time.Instant.parse("2030-01-01T10:30:00Z"));
		SecretFields tokens = ImportHarness.open(supabase);
		assertThat(tokens.value("access_token")).isEqualTo("sbp_oauth_access_1");
		assertThat(tokens.value("refresh_token")).isEqualTo("sbp_oauth_refresh_1");
		CredentialReceived twilio = only(events, "twilio");
		assertThat(twilio.getPublicFields()).containsEntry("account_sid", "AC0123456789abcdef0123456789abcdef")
			.containsEntry("phone_number", "+17752699735")
			.doesNotContainKey("auth_token");
		assertThat(ImportHarness.open(twilio).value("auth_token")).isEqualTo(this.twilioToken);
		assertThat(events.stream().map(ImportHarness::open).map((s) -> s.value("api_key"))).contains(this.canary,
				"demo_live_flagged_plain");

		ImportHarness.Result second = ImportHarness.run(environment(this.key), "--mapping", this.mapping.toString());
		assertThat(ImportHarness.published(Set.of(this.acme, this.globex))).hasSize(4);
		JsonNode again = ImportHarness.report(this.dir.resolve("integrations.report.json"));
		assertThat(again.get("problems").get("ALREADY_IMPORTED").asInt()).isEqualTo(4);
		assertThat(again.get("totals").get("created").asInt() + again.get("totals").get("updated").asInt()).isZero();

		// Without the checkpoint the same rows give the same event ids: the vault stores
		// each once, so still one version per integration.
		ImportHarness.run(environment(this.key), "--mapping", this.mapping.toString(), "--checkpoint",
				this.dir.resolve("fresh.checkpoint.jsonl").toString());
		List<CredentialReceived> republished = ImportHarness.published(Set.of(this.acme, this.globex));
		assertThat(republished).hasSize(8);
		assertThat(new HashSet<>(republished.stream().map(CredentialReceived::getEventId).toList()))
			.isEqualTo(new HashSet<>(events.stream().map(CredentialReceived::getEventId).toList()));
		assertThat(ImportHarness.vaultAndScanner(Set.of(this.acme, this.globex), (secret) -> "ACTIVE").values())
			.containsOnly(1);

		Map<String, String> texts = new LinkedHashMap<>();
		texts.put("first run output", first.all());
		texts.put("second run output", second.all());
		texts.put("report", ImportHarness.read(this.dir.resolve("integrations.report.json")));
		texts.put("checkpoint", ImportHarness.read(this.dir.resolve("integrations.checkpoint.jsonl")));
		texts.put("test log", ImportHarness.read(Path.of("target/admin-tests.log")));
		for (String secret : List.of(this.canary, this.twilioToken, "sbp_oauth_access_1", "sbp_oauth_refresh_1")) {
			assertThat(ImportHarness.whereFound(secret, texts, ImportHarness.rawRecords(Topics.CREDENTIAL_RECEIVED)))
				.as("where " + secret + " appears")
				.isEmpty();
		}
	}

	@Test
	@DisplayName("a wrong legacy key fails every encrypted row as WRONG_KEY and imports the plaintext ones")
	void wrongKey() {
		ImportHarness.Result result = ImportHarness.run(environment(LegacyCrypto.newKey()), "--mapping",
				this.mapping.toString(), "--dry-run");

		JsonNode report = ImportHarness.report(this.dir.resolve("integrations.report.json"));
		Map<String, String> problems = problemsByRow(report);
		for (String row : List.of("supabase", "twilio", "altered", "foreign-key")) {
			assertThat(problems).containsEntry(id(row), "WRONG_KEY");
		}
		assertThat(problems).doesNotContainKeys(id("plaintext"), id("flagged"));
		assertThat(result.out()).contains("did not open with the legacy key");
	}

	@Test
	@DisplayName("the key comes from the environment or a file it names; without either nothing starts")
	void keyFromEnvironmentOrFile() throws Exception {
		ImportHarness.Result missing = ImportHarness.run(Map.of(), "--mapping", this.mapping.toString(), "--dry-run");
		assertThat(missing.exit()).isEqualTo(2);
		assertThat(missing.err()).contains("set ENCRYPTION_KEY (or ENCRYPTION_KEY_FILE");

		Path keyFile = Files.writeString(this.dir.resolve("legacy.key"), this.key + "\n");
		ImportHarness.Result fromFile = ImportHarness.run(Map.of("ENCRYPTION_KEY_FILE", keyFile.toString()),
				"--mapping", this.mapping.toString(), "--dry-run");
		assertThat(fromFile.out()).contains("4 to create");
	}

	@Test
	@DisplayName("scrub waits for a complete verify, then replaces only the imported secrets by references")
	void scrubOnlyAfterVerify() throws Exception {
		ImportHarness.run(environment(this.key), "--mapping", this.mapping.toString());
		Map<String, String> before = configs();

		ImportHarness.Result early = ImportHarness.run(environment(this.key), "--mapping", this.mapping.toString(),
				"--verify", "--verify-timeout", "2s", "--scrub");
		assertThat(early.exit()).isEqualTo(1);
		assertThat(early.out()).contains("Scrub refused").contains("still without a verdict");
		assertThat(configs()).isEqualTo(before);

		ImportHarness.vaultAndScanner(Set.of(this.acme, this.globex),
				(secret) -> secret.names().contains("api_key") && !secret.value("api_key").startsWith("demo_live_")
						? "INVALID" : "ACTIVE");
		ImportHarness.Result verified = ImportHarness.run(environment(this.key), "--mapping", this.mapping.toString(),
				"--verify", "--verify-timeout", "60s", "--scrub");

		JsonNode report = ImportHarness.report(this.dir.resolve("integrations.report.json"));
		assertThat(report.get("verify").get("complete").asBoolean()).isTrue();
		assertThat(report.get("verify").get("states").get("ACTIVE").asInt()).isEqualTo(4);
		assertThat(report.get("scrub").get("scrubbed").asInt()).isEqualTo(4);
		Map<String, String> after = configs();
		String supabaseRef = "latchkey:" + IntegrationId.of(this.acme, "supabase", "my-project").value();
		JsonNode supabase = json.readTree(after.get(id("supabase")));
		assertThat(supabase.get("access_token").asText()).isEqualTo(supabaseRef);
		assertThat(supabase.get("refresh_token").asText()).isEqualTo(supabaseRef);
		assertThat(supabase.get("project_id").asText()).isEqualTo("proj_456");
		JsonNode twilio = json.readTree(after.get(id("twilio")));
		assertThat(twilio.get("auth_token").asText()).startsWith("latchkey:int_");
		assertThat(twilio.get("account_sid").asText()).isEqualTo("AC0123456789abcdef0123456789abcdef");
		assertThat(after.get(id("plaintext"))).doesNotContain(this.canary);
		for (String untouched : List.of("altered", "truncated", "foreign-key", "unknown-tenant", "missing-field")) {
			assertThat(after.get(id(untouched))).isEqualTo(before.get(id(untouched)));
		}
		assertThat(verified.out()).contains("Verify: {ACTIVE=4, INVALID=0, ERROR=0}");

		ImportHarness.Result rerun = ImportHarness.run(environment(this.key), "--mapping", this.mapping.toString());
		assertThat(ImportHarness.report(this.dir.resolve("integrations.report.json"))
			.get("problems")
			.get("SCRUBBED")
			.asInt()).isEqualTo(4);
		assertThat(rerun.out()).contains("0 created, 0 updated");
	}

	private Map<String, String> environment(String legacyKey) {
		return Map.of("ENCRYPTION_KEY", legacyKey);
	}

	private String sealed(String plaintext, boolean hex) {
		return LegacyCrypto.dotted(this.key, plaintext, hex, 12);
	}

	private void row(String label, String organization, String type, String name, Boolean encrypted,
			Map<String, String> config) throws Exception {
		try (Connection connection = RealPostgres.connect();
				PreparedStatement insert = connection.prepareStatement("INSERT INTO " + this.table
						+ " (organization_id, integration_type, name, config, encrypted) VALUES (?::uuid, ?, ?, ?::jsonb, ?) RETURNING id::text")) {
			insert.setString(1, organization);
			insert.setString(2, type);
			insert.setString(3, name);
			insert.setString(4, json.writeValueAsString(config));
			insert.setObject(5, encrypted);
			try (ResultSet id = insert.executeQuery()) {
				id.next();
				this.rowIds.put(label, id.getString(1));
			}
		}
	}

	private String id(String label) {
		return this.rowIds.get(label);
	}

	private Map<String, String> configs() throws Exception {
		Map<String, String> configs = new LinkedHashMap<>();
		try (Connection connection = RealPostgres.connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("SELECT id::text, config::text FROM " + this.table)) {
			while (rows.next()) {
				configs.put(rows.getString(1), rows.getString(2));
			}
		}
		return configs;
	}

	private static Map<String, String> problemsByRow(JsonNode report) {
		Map<String, String> problems = new LinkedHashMap<>();
		report.get("failures")
			.forEach((failure) -> problems.put(failure.get("row").asText(), failure.get("problem").asText()));
		return problems;
	}

	private static CredentialReceived only(List<CredentialReceived> events, String provider) {
		List<CredentialReceived> matching = new ArrayList<>(
				events.stream().filter((event) -> event.getProvider().equals(provider)).toList());
		assertThat(matching).hasSize(1);
		return matching.get(0);
	}

}
