package dev.latchkey.admin.importer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.latchkey.catalogue.Field;
import dev.latchkey.catalogue.Provider;
import dev.latchkey.catalogue.ProviderCatalogue;

/**
 * What a mapping file says: where the legacy store is, which of its columns hold what,
 * which environment variable holds its key, which tenant each organization becomes and
 * which catalogue provider and fields each legacy type becomes. Every setting a shape has
 * a default for may be left out ({@link #withDefaults()}).
 *
 * @param source the legacy shape
 * @param connection where it is
 * @param columns which columns (or document fields) hold what
 * @param encryption the legacy scheme's key variables and parameters
 * @param tenants organization → tenant; the key {@code "*"} applies to every other
 * organization, and its value {@code "{organization}"} keeps the organization's id
 * @param providers legacy type → catalogue provider and fields
 */
record Mapping(SourceKind source, Connection connection, Columns columns, Encryption encryption,
		Map<String, String> tenants, Map<String, ProviderMapping> providers) {

	static final String ANY_ORGANIZATION = "*";

	static final String SAME_AS_ORGANIZATION = "{organization}";

	/**
	 * @param url JDBC URL ({@code jdbc:postgresql://…}) or MongoDB connection string
	 * @param urlEnv an environment variable that holds the URL instead (for a MongoDB
	 * connection string with a password)
	 * @param user the database user (PostgreSQL)
	 * @param passwordEnv the environment variable that holds the database password
	 * (default {@code PGPASSWORD})
	 * @param table PostgreSQL table
	 * @param database MongoDB database
	 * @param collection MongoDB collection
	 * @param file the export file (JSON lines or CSV)
	 */
	record Connection(String url, String urlEnv, String user, String passwordEnv, String table, String database,
			String collection, String file) {

	}

	/**
	 * @param id the row's id (reported, and the key of the checkpoint)
	 * @param organization the legacy tenant
	 * @param type the legacy integration type (the row's provider)
	 * @param name what becomes the integration name (slugged); none: {@code default}
	 * @param config {@code integrations}: the JSONB column of fields
	 * @param encrypted the flag saying the row's secrets are encrypted; without it a
	 * secret is opened when it has the ciphertext's shape
	 * @param keyVersion {@code installations}: which key a row is encrypted with
	 * @param secrets {@code installations}: secret columns ({@code <name>} in plaintext,
	 * {@code <name>_encrypted} encrypted)
	 * @param plain {@code installations}: other columns to read as fields
	 * @param data {@code secrets}: the encrypted blob
	 */
	record Columns(String id, String organization, String type, String name, String config, String encrypted,
			String keyVersion, List<String> secrets, List<String> plain, String data) {

	}

	/**
	 * @param key the environment variable holding the legacy key (or {@code <key>_FILE})
	 * @param keyEncoding {@code base64} (default), {@code hex} or {@code utf8}, for AES
	 * keys
	 * @param salt {@code installations}: PBKDF2 salt, as the legacy code has it (UTF-8)
	 * @param iterations {@code installations}: PBKDF2 iterations (default 100,000)
	 * @param keyVersions {@code installations}: {@code encryption_version} → variable,
	 * for versions other than the one {@code key} holds
	 * @param keyVersion the version {@code key} holds (default 1)
	 */
	record Encryption(String key, String keyEncoding, String salt, Integer iterations, Map<String, String> keyVersions,
			Integer keyVersion) {

	}

	/**
	 * @param provider the catalogue provider
	 * @param skip leave rows of this type out (reported as skipped)
	 * @param name the integration name for every row of this type, instead of the name
	 * column
	 * @param fields catalogue field → source field; default: the catalogue's field names
	 * @param expiresAt the source field holding when an access token expires (OAuth)
	 */
	record ProviderMapping(String provider, Boolean skip, String name, Map<String, String> fields, String expiresAt) {

		boolean skipped() {
			return this.skip != null && this.skip;
		}

		/**
		 * Catalogue field → source field, the catalogue's names when the file lists none.
		 */
		Map<String, String> fieldsOf(Provider catalogued) {
			if (this.fields != null && !this.fields.isEmpty()) {
				return this.fields;
			}
			Map<String, String> same = new LinkedHashMap<>();
			catalogued.fields().forEach((field) -> same.put(field.name(), field.name()));
			return same;
		}

	}

	static Mapping read(Path file) {
		JsonMapper mapper = JsonMapper.builder(new YAMLFactory())
			.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.build();
		try {
			Mapping mapping = mapper.readValue(file.toFile(), Mapping.class);
			if (mapping == null || mapping.source() == null) {
				throw new MappingException("Mapping file " + file + " needs 'source' ("
						+ List.of(SourceKind.values()).stream().map(SourceKind::id).toList() + ")");
			}
			return mapping.withDefaults();
		}
		catch (JsonMappingException ex) {
			if (ex.getCause() instanceof MappingException cause) {
				throw cause;
			}
			throw new MappingException(
					"Mapping file " + file + ": " + ex.getOriginalMessage() + " at " + ex.getPathReference());
		}
		catch (IOException ex) {
			throw new MappingException("Mapping file " + file + " cannot be read: " + ex.getMessage());
		}
	}

	/** The shape's documented defaults for every setting left out. */
	Mapping withDefaults() {
		Connection c = (this.connection != null) ? this.connection
				: new Connection(null, null, null, null, null, null, null, null);
		Columns k = (this.columns != null) ? this.columns
				: new Columns(null, null, null, null, null, null, null, null, null, null);
		Encryption e = (this.encryption != null) ? this.encryption : new Encryption(null, null, null, null, null, null);
		return switch (this.source) {
			case POSTGRES_INTEGRATIONS -> new Mapping(this.source,
					new Connection(c.url(), c.urlEnv(), c.user(), or(c.passwordEnv(), "PGPASSWORD"),
							or(c.table(), "integrations"), null, null, null),
					new Columns(or(k.id(), "id"), or(k.organization(), "organization_id"),
							or(k.type(), "integration_type"), or(k.name(), "name"), or(k.config(), "config"),
							or(k.encrypted(), "encrypted"), null, null, null, null),
					new Encryption(or(e.key(), "ENCRYPTION_KEY"), or(e.keyEncoding(), "base64"), null, null, null,
							null),
					tenantsOrNone(), providersOrNone());
			case POSTGRES_INSTALLATIONS -> new Mapping(this.source,
					new Connection(c.url(), c.urlEnv(), c.user(), or(c.passwordEnv(), "PGPASSWORD"),
							or(c.table(), "installations"), null, null, null),
					new Columns(or(k.id(), "workspace_id"), or(k.organization(), "org_id"), k.type(),
							or(k.name(), "workspace_id"), null, or(k.encrypted(), "credentials_encrypted"),
							or(k.keyVersion(), "encryption_version"),
							(k.secrets() != null) ? k.secrets() : List.of("bot_token", "app_token", "signing_secret"),
							(k.plain() != null) ? k.plain() : List.of(), null),
					new Encryption(or(e.key(), "ENCRYPTION_KEY"), null, e.salt(),
							(e.iterations() != null) ? e.iterations() : 100_000,
							(e.keyVersions() != null) ? e.keyVersions() : Map.of(),
							(e.keyVersion() != null) ? e.keyVersion() : 1),
					tenantsOrNone(), (this.providers != null) ? this.providers : Map.of("slack",
							new ProviderMapping("slack", null, null, Map.of("bot_token", "bot_token"), null)));
			case MONGO_SECRETS -> new Mapping(this.source,
					new Connection(c.url(), c.urlEnv(), null, null, null, or(c.database(), "crm"),
							or(c.collection(), "secrets"), null),
					new Columns(or(k.id(), "_id"), or(k.organization(), "tenantId"), or(k.type(), "provider"), k.name(),
							null, null, null, null, null, or(k.data(), "data")),
					new Encryption(or(e.key(), "APP_ENCRYPTION_KEY"), or(e.keyEncoding(), "base64"), null, null, null,
							null),
					tenantsOrNone(), providersOrNone());
			case JSONL,
					CSV ->
				new Mapping(this.source, new Connection(null, null, null, null, null, null, null, c.file()),
						new Columns(or(k.id(), "id"), or(k.organization(), "organization"), or(k.type(), "provider"),
								or(k.name(), "name"), null, null, null, null, null, null),
						null, tenantsOrNone(), providersOrNone());
		};
	}

	/** Checks everything that does not need the source: fails naming what is wrong. */
	void check(ProviderCatalogue catalogue) {
		List<String> problems = new ArrayList<>();
		switch (this.source) {
			case POSTGRES_INTEGRATIONS, POSTGRES_INSTALLATIONS -> {
				if (this.connection.url() == null && this.connection.urlEnv() == null) {
					problems.add("connection.url (jdbc:postgresql://host:port/database) is required");
				}
			}
			case MONGO_SECRETS -> {
				if (this.connection.url() == null && this.connection.urlEnv() == null) {
					problems.add("connection.url (mongodb://…) or connection.urlEnv is required");
				}
			}
			case JSONL, CSV -> {
				if (this.connection.file() == null) {
					problems.add("connection.file is required");
				}
			}
		}
		if (this.source == SourceKind.POSTGRES_INSTALLATIONS && this.encryption.salt() == null) {
			problems.add("encryption.salt is required: the fixed salt of the legacy key derivation");
		}
		if (this.tenants.isEmpty()) {
			problems.add("tenants needs at least one organization → tenant (or \"*\": \"{organization}\")");
		}
		if (this.providers.isEmpty()) {
			problems.add("providers needs at least one legacy type → catalogue provider");
		}
		this.providers.forEach((type, mapped) -> {
			if (mapped == null || mapped.skipped()) {
				return;
			}
			Optional<Provider> provider = (mapped.provider() != null) ? catalogue.find(mapped.provider())
					: Optional.empty();
			if (provider.isEmpty()) {
				problems.add("providers." + type + ".provider '" + mapped.provider() + "' is not in the catalogue "
						+ catalogue.all().stream().map(Provider::id).toList());
				return;
			}
			mapped.fieldsOf(provider.get()).keySet().forEach((field) -> {
				if (provider.get().field(field).isEmpty()) {
					problems.add("providers." + type + ".fields: '" + field + "' is not a field of " + mapped.provider()
							+ " " + provider.get().fields().stream().map(Field::name).toList());
				}
			});
		});
		if (!problems.isEmpty()) {
			throw new MappingException("The mapping file is not usable:\n  " + String.join("\n  ", problems));
		}
	}

	/** The tenant of a legacy organization, if the file maps one. */
	Optional<String> tenantOf(String organization) {
		if (organization == null) {
			return Optional.empty();
		}
		String tenant = this.tenants.get(organization);
		if (tenant == null) {
			tenant = this.tenants.get(ANY_ORGANIZATION);
		}
		if (tenant == null || tenant.isBlank()) {
			return Optional.empty();
		}
		return Optional.of(tenant.equals(SAME_AS_ORGANIZATION) ? organization : tenant);
	}

	private Map<String, String> tenantsOrNone() {
		return (this.tenants != null) ? this.tenants : Map.of();
	}

	private Map<String, ProviderMapping> providersOrNone() {
		return (this.providers != null) ? this.providers : Map.of();
	}

	private static String or(String value, String fallback) {
		return (value != null) ? value : fallback;
	}

}
