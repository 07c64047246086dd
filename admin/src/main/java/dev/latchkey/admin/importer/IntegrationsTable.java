package dev.latchkey.admin.importer;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.catalogue.Field;

/**
 * The PostgreSQL {@code integrations} table: one row per integration, fields in the
 * {@code config} JSONB column. Fields with a sensitive name ({@code access_token},
 * {@code refresh_token}, {@code api_key}, {@code client_secret}, {@code *_token},
 * {@code *_key}, {@code *_secret}, {@code *_password}) hold AES-256-GCM
 * {@code iv.tag.ciphertext} values — unless the row's {@code encrypted} flag is false, or
 * the flag was set without encrypting (a value without the ciphertext's shape is taken as
 * plaintext, with a warning). Without an {@code encrypted} column, a sensitive value is
 * opened when it has the ciphertext's shape.
 */
final class IntegrationsTable implements LegacySource {

	private static final ObjectMapper json = new ObjectMapper();

	private final PostgresConnection database;

	private final Mapping.Columns columns;

	private final LegacyCipher cipher;

	private final boolean hasFlag;

	IntegrationsTable(PostgresConnection database, Mapping.Columns columns, LegacyCipher cipher) {
		this.database = database;
		this.columns = columns;
		this.cipher = cipher;
		this.hasFlag = database.columns().contains(columns.encrypted().toLowerCase(Locale.ROOT));
	}

	static IntegrationsTable open(Mapping mapping, Map<String, String> environment, LegacyKeys keys) {
		LegacyCipher cipher = new AesGcmDotted(
				keys.aes256(mapping.encryption().key(), mapping.encryption().keyEncoding()));
		PostgresConnection database = PostgresConnection.open(mapping.connection(), environment);
		try {
			return new IntegrationsTable(database, mapping.columns(), cipher);
		}
		catch (RuntimeException ex) {
			database.close();
			throw ex;
		}
	}

	@Override
	public long count() {
		return this.database.count();
	}

	@Override
	public void forEach(RowHandler handler) throws Exception {
		String sql = "SELECT " + column(this.columns.id()) + "::text, " + column(this.columns.organization())
				+ "::text, " + column(this.columns.type()) + "::text, " + column(this.columns.name()) + "::text, "
				+ column(this.columns.config()) + "::text"
				+ (this.hasFlag ? ", " + column(this.columns.encrypted()) + "::boolean" : "") + " FROM "
				+ this.database.table() + " ORDER BY " + column(this.columns.id());
		try (Statement statement = this.database.streaming(); ResultSet rows = statement.executeQuery(sql)) {
			while (rows.next()) {
				String id = rows.getString(1);
				String config = rows.getString(5);
				Boolean flag = null;
				if (this.hasFlag) {
					boolean value = rows.getBoolean(6);
					flag = rows.wasNull() ? null : value;
				}
				Boolean encrypted = flag;
				handler.accept(new LegacyRow(id, rows.getString(2), rows.getString(3), rows.getString(4),
						(warnings) -> open(config, encrypted, warnings),
						(fields, reference) -> scrub(id, config, fields, reference)));
			}
		}
		this.database.endRead();
	}

	private Map<String, String> open(String config, Boolean encrypted, List<String> warnings) throws RowFailure {
		ObjectNode fields = parse(config);
		Map<String, String> values = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : fields.properties()) {
			JsonNode node = entry.getValue();
			if (node == null || node.isNull()) {
				continue;
			}
			String name = entry.getKey();
			String stored = node.isValueNode() ? node.asText() : node.toString();
			if (Field.secretByName(name) && LegacyRow.isReference(stored)) {
				throw new RowFailure(Problem.SCRUBBED, "field '" + name + "' holds a Latchkey reference");
			}
			if (!Field.secretByName(name) || Boolean.FALSE.equals(encrypted)) {
				values.put(name, stored);
			}
			else if (this.cipher.claimsSealed(stored)) {
				values.put(name, this.cipher.open(stored, "field '" + name + "'"));
			}
			else {
				if (Boolean.TRUE.equals(encrypted)) {
					warnings.add("field '" + name + "' is flagged encrypted but stored in plaintext");
				}
				values.put(name, stored);
			}
		}
		return values;
	}

	private boolean scrub(String id, String config, Collection<String> fields, String reference) {
		try {
			ObjectNode scrubbed = parse(config);
			fields.forEach((field) -> {
				if (scrubbed.hasNonNull(field)) {
					scrubbed.put(field, reference);
				}
			});
			PreparedStatement update = this.database.writer()
				.prepareStatement("UPDATE " + this.database.table() + " SET " + column(this.columns.config())
						+ " = ?::jsonb WHERE " + column(this.columns.id()) + "::text = ? AND "
						+ column(this.columns.config()) + "::text = ?");
			try (update) {
				update.setString(1, json.writeValueAsString(scrubbed));
				update.setString(2, id);
				update.setString(3, config);
				return update.executeUpdate() == 1;
			}
		}
		catch (SQLException | JsonProcessingException | RowFailure ex) {
			throw new IllegalStateException("Row " + id + " could not be scrubbed: " + ex.getClass().getSimpleName());
		}
	}

	private static ObjectNode parse(String config) throws RowFailure {
		if (config == null) {
			throw new RowFailure(Problem.UNREADABLE_ROW, "config is null");
		}
		try {
			JsonNode node = json.readTree(config);
			if (node instanceof ObjectNode object) {
				return object;
			}
		}
		catch (JsonProcessingException ex) {
			// Said below, without the parser's excerpt of the text.
		}
		throw new RowFailure(Problem.UNREADABLE_ROW, "config is not a JSON object");
	}

	@Override
	public void finishScrub() {
		this.database.commitWrites();
	}

	@Override
	public void close() {
		this.database.close();
	}

	private static String column(String name) {
		return PostgresConnection.quote(name);
	}

}
