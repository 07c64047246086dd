package dev.latchkey.admin.importer;

import java.util.Arrays;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The legacy shapes the importer reads. */
enum SourceKind {

	/**
	 * PostgreSQL {@code integrations}: {@code config} JSONB, AES-256-GCM
	 * {@code iv.tag.ciphertext} values.
	 */
	POSTGRES_INTEGRATIONS("postgres-integrations"),

	/**
	 * PostgreSQL {@code installations}: Fernet {@code *_encrypted} columns,
	 * PBKDF2-derived key.
	 */
	POSTGRES_INSTALLATIONS("postgres-installations"),

	/**
	 * MongoDB {@code secrets}: {@code data} = base64(iv ‖ tag ‖ ciphertext), AES-256-GCM.
	 */
	MONGO_SECRETS("mongo-secrets"),

	/** A plaintext export, one JSON object a line. */
	JSONL("jsonl"),

	/** A plaintext export with a header line. */
	CSV("csv");

	private final String id;

	SourceKind(String id) {
		this.id = id;
	}

	@JsonValue
	String id() {
		return this.id;
	}

	@JsonCreator
	static SourceKind of(String id) {
		return Arrays.stream(values())
			.filter((kind) -> kind.id.equals(id.toLowerCase(Locale.ROOT)))
			.findFirst()
			.orElseThrow(() -> new MappingException("source must be one of "
					+ Arrays.stream(values()).map(SourceKind::id).toList() + ", not '" + id + "'"));
	}

}
