package dev.latchkey.admin.importer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.latchkey.catalogue.IntegrationId;
import dev.latchkey.schemas.CredentialReceived;
import org.bson.Document;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The other three shapes, each imported, verified and scrubbed: the PostgreSQL
 * {@code installations} table (Fernet, PBKDF2-derived keys, key versions), the MongoDB
 * {@code secrets} collection (mongo-java-server) and plaintext exports (JSON lines, CSV).
 */
class OtherShapesImportIT {

	@TempDir
	Path dir;

	@Test
	@DisplayName("installations: Fernet under each key version and plaintext rows import; a foreign key, a missing version and a broken token fail")
	void installations() throws Exception {
		String salt = "legacy-fixed-salt";
		String key1 = "legacy passphrase one";
		String key2 = "legacy passphrase two";
		String table = "installations_" + UUID.randomUUID().toString().substring(0, 8);
		String tenant = ImportHarness.unique("slack-team");
		try (Connection connection = RealPostgres.connect(); Statement statement = connection.createStatement()) {
			statement.execute("CREATE TABLE " + table + " (workspace_id TEXT PRIMARY KEY, org_id INTEGER NOT NULL, "
					+ "bot_token TEXT, app_token TEXT, signing_secret TEXT, bot_token_encrypted TEXT, "
					+ "app_token_encrypted TEXT, signing_secret_encrypted TEXT, encryption_version INTEGER DEFAULT 1, "
					+ "credentials_encrypted BOOLEAN DEFAULT FALSE)");
		}
		installation(table, "W1", null, LegacyCrypto.fernet(key1, salt, 100_000, "xoxb-1111-encrypted-v1"), 1, true);
		installation(table, "W2", null, LegacyCrypto.fernet(key2, salt, 100_000, "xoxb-2222-encrypted-v2"), 2, true);
		installation(table, "W3", "xoxb-3333-plaintext-row", null, 1, false);
		installation(table, "W4", null, LegacyCrypto.fernet("someone else's", salt, 100_000, "xoxb-4444-foreign"), 1,
				true);
		installation(table, "W5", null, LegacyCrypto.fernet(key1, salt, 100_000, "xoxb-5555-version-3"), 3, true);
		installation(table, "W6", null, "gAAAAABbroken", 1, true);
		Path mapping = Files.writeString(this.dir.resolve("installations.yml"), """
				source: postgres-installations
				connection: { url: "%s", user: postgres, table: %s }
				encryption:
				  salt: %s
				  keyVersions: { "2": LEGACY_KEY_V2 }
				tenants: { "7": %s }
				""".formatted(RealPostgres.jdbcUrl(), table, salt, tenant));
		Map<String, String> environment = Map.of("ENCRYPTION_KEY", key1, "LEGACY_KEY_V2", key2);

		ImportHarness.run(environment, "--mapping", mapping.toString());

		JsonNode report = ImportHarness.report(this.dir.resolve("installations.report.json"));
		assertThat(report.get("totals").get("created").asInt()).isEqualTo(3);
		assertThat(report.get("problems").toString()).isEqualTo("{\"WRONG_KEY\":2,\"BAD_CIPHERTEXT\":1}");
		assertThat(report.get("failures").toString()).contains("no key for encryption_version 3");
		List<CredentialReceived> events = ImportHarness.published(Set.of(tenant));
		assertThat(events.stream().map((event) -> ImportHarness.open(event).value("bot_token")))
			.containsExactlyInAnyOrder("xoxb-1111-encrypted-v1", "xoxb-2222-encrypted-v2", "xoxb-3333-plaintext-row");
		assertThat(events).extracting(CredentialReceived::getIntegrationId)
			.contains(IntegrationId.of(tenant, "slack", "w1").value());

		ImportHarness.vaultAndScanner(Set.of(tenant), (secret) -> "ACTIVE");
		ImportHarness.run(environment, "--mapping", mapping.toString(), "--verify", "--scrub");

		Map<String, String[]> after = new LinkedHashMap<>();
		try (Connection connection = RealPostgres.connect();
				Statement statement = connection.createStatement();
				ResultSet rows = statement
					.executeQuery("SELECT workspace_id, bot_token, bot_token_encrypted FROM " + table)) {
			while (rows.next()) {
				after.put(rows.getString(1), new String[] { rows.getString(2), rows.getString(3) });
			}
		}
		assertThat(after.get("W1")[1]).isEqualTo("latchkey:" + IntegrationId.of(tenant, "slack", "w1").value());
		assertThat(after.get("W2")[1]).startsWith("latchkey:int_");
		assertThat(after.get("W3")[0]).startsWith("latchkey:int_");
		assertThat(after.get("W4")[1]).startsWith("gAAAAA");
	}

	@Test
	@DisplayName("secrets collection: packed AES-GCM documents import with mapped field names; a foreign key and a short blob fail")
	void secretsCollection() throws Exception {
		String key = LegacyCrypto.newKey();
		String tenant = ImportHarness.unique("crm");
		String collectionName = "secrets_" + UUID.randomUUID().toString().substring(0, 8);
		try (MongoClient client = MongoClients.create(ImportHarness.infra.mongoConnectionString())) {
			MongoCollection<Document> secrets = client.getDatabase("crm").getCollection(collectionName);
			secrets.insertOne(new Document("tenantId", tenant).append("provider", "twilio")
				.append("data", LegacyCrypto.packed(key,
						"{\"twilio_account_sid\":\"AC0123456789abcdef0123456789abcdef\",\"twilio_auth_token\":\"fedcba9876543210fedcba9876543210\",\"twilio_phone_number\":\"+15555550000\"}"))
				.append("metadata", new Document("updatedBy", "admin")));
			secrets.insertOne(new Document("tenantId", tenant).append("provider", "sendgrid")
				.append("data", LegacyCrypto.packed(key, "{\"api_key\":\"SG.x\"}")));
			secrets.insertOne(new Document("tenantId", tenant).append("provider", "demo")
				.append("data", LegacyCrypto.packed(LegacyCrypto.newKey(), "{\"api_key\":\"demo_live_foreign\"}")));
			secrets.insertOne(
					new Document("tenantId", tenant + "-2").append("provider", "demo").append("data", "c2hvcnQ="));
			Path mapping = Files.writeString(this.dir.resolve("secrets.yml"),
					"""
							source: mongo-secrets
							connection: { url: "%s", collection: %s }
							tenants: { "*": "{organization}" }
							providers:
							  twilio:
							    provider: twilio
							    fields: { account_sid: twilio_account_sid, auth_token: twilio_auth_token, phone_number: twilio_phone_number }
							  demo: { provider: demo }
							"""
						.formatted(ImportHarness.infra.mongoConnectionString(), collectionName));
			Map<String, String> environment = Map.of("APP_ENCRYPTION_KEY", key);

			ImportHarness.run(environment, "--mapping", mapping.toString());

			JsonNode report = ImportHarness.report(this.dir.resolve("secrets.report.json"));
			assertThat(report.get("problems").toString())
				.isEqualTo("{\"WRONG_KEY\":1,\"BAD_CIPHERTEXT\":1,\"UNKNOWN_PROVIDER\":1}");
			CredentialReceived twilio = ImportHarness.published(Set.of(tenant)).get(0);
			assertThat(twilio.getPublicFields()).containsEntry("phone_number", "+15555550000");
			assertThat(ImportHarness.open(twilio).value("auth_token")).isEqualTo("fedcba9876543210fedcba9876543210");

			ImportHarness.vaultAndScanner(Set.of(tenant), (secret) -> "INVALID");
			ImportHarness.Result verified = ImportHarness.run(environment, "--mapping", mapping.toString(), "--verify",
					"--scrub");
			assertThat(verified.out()).contains("Verify: {ACTIVE=0, INVALID=1, ERROR=0}");
			Document scrubbed = secrets.find(new Document("provider", "twilio")).first();
			assertThat(scrubbed.getString("data")).isEqualTo("latchkey:" + twilio.getIntegrationId());
			assertThat(scrubbed.get("metadata", Document.class).getString("updatedBy")).isEqualTo("admin");
			assertThat(secrets.find(new Document("provider", "demo")).first().getString("data"))
				.doesNotStartWith("latchkey:");
		}
	}

	@Test
	@DisplayName("exports: JSON lines and CSV import, and a scrub rewrites the file with references")
	void exports() throws Exception {
		String tenant = ImportHarness.unique("export");
		String jsonl = """
				{"id":"r1","organization":"acme","provider":"demo","name":"Prod","api_key":"demo_live_jsonl_1"}
				{"id":"r2","organization":"acme","provider":"openai","name":"ml","api_key":"sk-0123456789abcdefghijKLMN","organization_id":"x"}
				{"id":"r3","organization":"acme","provider":"demo","name":"bad","api_key":"not-a-demo-key"}
				""";
		String csv = """
				id,organization,provider,name,api_key
				c1,acme,demo,Staging,demo_live_csv_1
				c2,acme,demo,Other,
				""";
		for (String format : List.of("jsonl", "csv")) {
			Path export = Files.writeString(this.dir.resolve("export." + format), format.equals("jsonl") ? jsonl : csv);
			Path mapping = Files.writeString(this.dir.resolve(format + ".yml"), """
					source: %s
					connection: { file: export.%s }
					tenants: { acme: %s }
					providers:
					  demo: { provider: demo }
					  openai: { provider: openai, fields: { api_key: api_key } }
					""".formatted(format, format, tenant));

			ImportHarness.Result imported = ImportHarness.run(Map.of(), "--mapping", mapping.toString());
			assertThat(imported.out()).contains(format.equals("jsonl") ? "2 created" : "1 created");
			ImportHarness.vaultAndScanner(Set.of(tenant), (secret) -> "ACTIVE");
			ImportHarness.run(Map.of(), "--mapping", mapping.toString(), "--verify", "--scrub");

			String rewritten = Files.readString(export);
			assertThat(rewritten).doesNotContain("demo_live_jsonl_1", "sk-0123456789abcdefghijKLMN", "demo_live_csv_1")
				.contains("latchkey:"
						+ IntegrationId.of(tenant, "demo", format.equals("jsonl") ? "prod" : "staging").value());
			assertThat(rewritten).contains(format.equals("jsonl") ? "not-a-demo-key" : "c2,acme,demo,Other");
		}
		assertThat(ImportHarness.read(this.dir.resolve("jsonl.checkpoint.jsonl.key"))).hasSize(64);
	}

	private static void installation(String table, String workspace, String plain, String encrypted, int version,
			boolean flag) throws Exception {
		try (Connection connection = RealPostgres.connect();
				PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
						+ " (workspace_id, org_id, bot_token, bot_token_encrypted, encryption_version, credentials_encrypted) VALUES (?, 7, ?, ?, ?, ?)")) {
			insert.setString(1, workspace);
			insert.setString(2, plain);
			insert.setString(3, encrypted);
			insert.setInt(4, version);
			insert.setBoolean(5, flag);
			insert.executeUpdate();
		}
	}

}
