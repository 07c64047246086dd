package dev.latchkey.admin.importer;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * One row (or document, or line) of a legacy store, before its secrets are opened. Its
 * {@code toString()} shows ids only.
 *
 * @param id the row's id in the legacy store: reported, and the key of the checkpoint
 * @param organization the legacy tenant
 * @param type the legacy integration type
 * @param name what becomes the integration name, {@code null} when the store has none
 * @param opening opens the row's values (secrets decrypted)
 * @param scrubbing replaces the row's secret values by a reference
 */
record LegacyRow(String id, String organization, String type, String name, Opening opening, Scrubbing scrubbing) {

	/** What a scrubbed legacy secret is replaced by, followed by the integration id. */
	static final String REFERENCE_PREFIX = "latchkey:";

	static String reference(String integrationId) {
		return REFERENCE_PREFIX + integrationId;
	}

	static boolean isReference(String value) {
		return value != null && value.startsWith(REFERENCE_PREFIX + "int_");
	}

	/** Opens a row's values. */
	@FunctionalInterface
	interface Opening {

		/**
		 * @param warnings where to add what is odd but not fatal (names fields only)
		 * @return source field → value in the clear; secrets included
		 * @throws RowFailure when a value cannot be opened, or {@link Problem#SCRUBBED}
		 * when the row holds a Latchkey reference instead of a secret
		 */
		Map<String, String> open(List<String> warnings) throws RowFailure;

	}

	/** Replaces a row's secret values at the source. */
	@FunctionalInterface
	interface Scrubbing {

		/**
		 * @param sourceFields the source fields whose values were imported as secrets
		 * @param reference what to write instead
		 * @return whether the row was changed; {@code false} when it changed since it was
		 * read (it is then left alone)
		 */
		boolean scrub(Collection<String> sourceFields, String reference);

	}

	@Override
	public String toString() {
		return "LegacyRow[" + this.id + ", organization " + this.organization + ", type " + this.type + "]";
	}

}
