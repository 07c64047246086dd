package dev.latchkey.admin.importer;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The PostgreSQL {@code installations} table: a secret {@code s} is in column
 * {@code s_encrypted} as a Fernet token when {@code credentials_encrypted} is true, else
 * in plaintext column {@code s}. The Fernet key of {@code encryption_version} v is
 * derived from the key variable of v with PBKDF2-HMAC-SHA256 (the mapping's salt and
 * iterations). A value missing where the flag points is taken from the other column, with
 * a warning.
 */
final class InstallationsTable implements LegacySource {

	private static final String ENCRYPTED_SUFFIX = "_encrypted";

	private final PostgresConnection database;

	private final Mapping.Columns columns;

	private final Map<Integer, String> keyVariables;

	private final Mapping.Encryption encryption;

	private final LegacyKeys keys;

	private final Map<Integer, Fernet> ciphers = new HashMap<>();

	private final Set<String> present;

	InstallationsTable(PostgresConnection database, Mapping mapping, LegacyKeys keys) {
		this.database = database;
		this.columns = mapping.columns();
		this.encryption = mapping.encryption();
		this.keys = keys;
		this.keyVariables = new HashMap<>();
		this.keyVariables.put(this.encryption.keyVersion(), this.encryption.key());
		this.encryption.keyVersions().forEach((version, variable) -> {
			try {
				this.keyVariables.put(Integer.parseInt(version.strip()), variable);
			}
			catch (NumberFormatException ex) {
				throw new MappingException("encryption.keyVersions: '" + version + "' is not a version number");
			}
		});
		this.present = database.columns();
		// Read (and derive) the main key now, so that a missing one stops the run before
		// it starts.
		cipher(this.encryption.keyVersion());
	}

	static InstallationsTable open(Mapping mapping, Map<String, String> environment, LegacyKeys keys) {
		PostgresConnection database = PostgresConnection.open(mapping.connection(), environment);
		try {
			return new InstallationsTable(database, mapping, keys);
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
		List<String> selected = new ArrayList<>();
		selected.add(text(this.columns.id()));
		selected.add(text(this.columns.organization()));
		selected.add((this.columns.type() != null) ? text(this.columns.type()) : "NULL");
		selected.add((this.columns.name() != null) ? text(this.columns.name()) : "NULL");
		selected.add(has(this.columns.encrypted()) ? column(this.columns.encrypted()) + "::boolean" : "NULL");
		selected.add(has(this.columns.keyVersion()) ? column(this.columns.keyVersion()) + "::integer" : "NULL");
		for (String secret : this.columns.secrets()) {
			selected.add(has(secret) ? text(secret) : "NULL");
			selected.add(has(secret + ENCRYPTED_SUFFIX) ? text(secret + ENCRYPTED_SUFFIX) : "NULL");
		}
		for (String plain : this.columns.plain()) {
			selected.add(text(plain));
		}
		String sql = "SELECT " + String.join(", ", selected) + " FROM " + this.database.table() + " ORDER BY "
				+ column(this.columns.id());
		try (Statement statement = this.database.streaming(); ResultSet rows = statement.executeQuery(sql)) {
			while (rows.next()) {
				String id = rows.getString(1);
				boolean flag = rows.getBoolean(5);
				Boolean encrypted = rows.wasNull() ? null : flag;
				int version = rows.getInt(6);
				Integer keyVersion = rows.wasNull() ? this.encryption.keyVersion() : version;
				Map<String, String[]> secrets = new LinkedHashMap<>();
				int at = 7;
				for (String secret : this.columns.secrets()) {
					secrets.put(secret, new String[] { rows.getString(at), rows.getString(at + 1) });
					at += 2;
				}
				Map<String, String> plain = new LinkedHashMap<>();
				for (String column : this.columns.plain()) {
					plain.put(column, rows.getString(at++));
				}
				String type = (rows.getString(3) != null) ? rows.getString(3) : "slack";
				handler.accept(new LegacyRow(id, rows.getString(2), type, rows.getString(4),
						(warnings) -> open(encrypted, keyVersion, secrets, plain, warnings),
						(fields, reference) -> scrub(id, secrets, fields, reference)));
			}
		}
		this.database.endRead();
	}

	private Map<String, String> open(Boolean encrypted, int keyVersion, Map<String, String[]> secrets,
			Map<String, String> plain, List<String> warnings) throws RowFailure {
		Map<String, String> values = new LinkedHashMap<>(plain);
		for (Map.Entry<String, String[]> secret : secrets.entrySet()) {
			String name = secret.getKey();
			String clear = blankToNull(secret.getValue()[0]);
			String sealed = blankToNull(secret.getValue()[1]);
			if (LegacyRow.isReference(clear) || LegacyRow.isReference(sealed)) {
				throw new RowFailure(Problem.SCRUBBED, "column '" + name + "' holds a Latchkey reference");
			}
			boolean useSealed = Boolean.TRUE.equals(encrypted) ? sealed != null : (clear == null && sealed != null);
			if (useSealed) {
				if (!Boolean.TRUE.equals(encrypted)) {
					warnings.add("column '" + name + "' is empty; its encrypted column was used although "
							+ this.columns.encrypted() + " is not true");
				}
				values.put(name, cipherOrFail(keyVersion).open(sealed, "column '" + name + ENCRYPTED_SUFFIX + "'"));
			}
			else if (clear != null) {
				if (Boolean.TRUE.equals(encrypted)) {
					warnings.add("column '" + name + ENCRYPTED_SUFFIX + "' is empty; the plaintext column was used");
				}
				values.put(name, clear);
			}
		}
		return values;
	}

	private Fernet cipher(int version) {
		return this.ciphers.computeIfAbsent(version, (v) -> {
			String variable = this.keyVariables.get(v);
			if (variable == null) {
				return null;
			}
			return Fernet.derive(this.keys.text(variable), this.encryption.salt().getBytes(StandardCharsets.UTF_8),
					this.encryption.iterations());
		});
	}

	private LegacyCipher cipherOrFail(int version) throws RowFailure {
		Fernet cipher = cipher(version);
		if (cipher == null) {
			throw new RowFailure(Problem.WRONG_KEY, "no key for " + this.columns.keyVersion() + " " + version
					+ " (map it under encryption.keyVersions)");
		}
		return cipher;
	}

	private boolean scrub(String id, Map<String, String[]> secrets, Collection<String> fields, String reference) {
		List<String> sets = new ArrayList<>();
		List<String> conditions = new ArrayList<>();
		List<String> parameters = new ArrayList<>();
		List<String> expected = new ArrayList<>();
		for (String field : fields) {
			String[] stored = secrets.get(field);
			if (stored == null) {
				continue;
			}
			String[] names = { field, field + ENCRYPTED_SUFFIX };
			for (int i = 0; i < 2; i++) {
				if (has(names[i]) && stored[i] != null) {
					sets.add(column(names[i]) + " = ?");
					parameters.add(reference);
					conditions.add(column(names[i]) + " = ?");
					expected.add(stored[i]);
				}
			}
		}
		if (sets.isEmpty()) {
			return false;
		}
		String sql = "UPDATE " + this.database.table() + " SET " + String.join(", ", sets) + " WHERE "
				+ column(this.columns.id()) + "::text = ? AND " + String.join(" AND ", conditions);
		try (PreparedStatement update = this.database.writer().prepareStatement(sql)) {
			int index = 1;
			for (String parameter : parameters) {
				update.setString(index++, parameter);
			}
			update.setString(index++, id);
			for (String value : expected) {
				update.setString(index++, value);
			}
			return update.executeUpdate() == 1;
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Row " + id + " could not be scrubbed: " + ex.getSQLState());
		}
	}

	@Override
	public void finishScrub() {
		this.database.commitWrites();
	}

	@Override
	public void close() {
		this.database.close();
	}

	private boolean has(String column) {
		return column != null && this.present.contains(column.toLowerCase(Locale.ROOT));
	}

	private static String text(String name) {
		return column(name) + "::text";
	}

	private static String column(String name) {
		return PostgresConnection.quote(name);
	}

	private static String blankToNull(String value) {
		return (value == null || value.isEmpty()) ? null : value;
	}

}
