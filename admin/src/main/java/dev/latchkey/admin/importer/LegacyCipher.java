package dev.latchkey.admin.importer;

/**
 * Opens one value a legacy store encrypted. Failures say which way it failed
 * ({@link Problem#WRONG_KEY} or {@link Problem#BAD_CIPHERTEXT}) and never repeat the
 * value.
 */
interface LegacyCipher {

	/**
	 * @param stored the value as the legacy store holds it
	 * @param what how to name the value in a failure, e.g. {@code field 'api_key'}
	 * @return the plaintext
	 */
	String open(String stored, String what) throws RowFailure;

	/**
	 * Whether the value has the shape of this scheme's ciphertext (it may still fail to
	 * open).
	 */
	boolean looksSealed(String stored);

	/**
	 * Whether the value was meant as this scheme's ciphertext, even if damaged: opening
	 * it then fails with {@link Problem#BAD_CIPHERTEXT} rather than it being taken as
	 * plaintext.
	 */
	default boolean claimsSealed(String stored) {
		return looksSealed(stored);
	}

}
