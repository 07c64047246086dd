package dev.latchkey.admin.importer;

/**
 * Why a legacy row was not imported, or was skipped. Each comes with a detail that names
 * fields, never their values.
 */
enum Problem {

	/**
	 * The value did not open with the legacy key: a wrong key, or an altered ciphertext.
	 */
	WRONG_KEY(false),

	/**
	 * The value is not in the legacy scheme's format (truncated, not hex/base64, bad
	 * lengths).
	 */
	BAD_CIPHERTEXT(false),

	/**
	 * The row could not be read at all (the config is not a JSON object, a column is
	 * missing).
	 */
	UNREADABLE_ROW(false),

	/** The mapping file maps no tenant for the row's organization. */
	UNKNOWN_TENANT(false),

	/** The mapping file maps no catalogue provider for the row's type. */
	UNKNOWN_PROVIDER(false),

	/** A field the catalogue requires is missing or empty. */
	MISSING_FIELD(false),

	/** A field is not what the catalogue expects (format, length, unknown name). */
	INVALID_FIELD(false),

	/** Another row maps to the same tenant, provider and name. */
	DUPLICATE_INTEGRATION(false),

	/** Imported before with the same content (the checkpoint says so). */
	ALREADY_IMPORTED(true),

	/** The legacy secret was scrubbed already: the row holds a Latchkey reference. */
	SCRUBBED(true),

	/** The mapping file says not to import this type. */
	NOT_MAPPED(true);

	private final boolean skip;

	Problem(boolean skip) {
		this.skip = skip;
	}

	/** Whether this is a skip (nothing to do) rather than a failure. */
	boolean isSkip() {
		return this.skip;
	}

}
