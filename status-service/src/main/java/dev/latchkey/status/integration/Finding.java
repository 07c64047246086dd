package dev.latchkey.status.integration;

import java.util.Map;

/**
 * One finding of the latest scan of an integration, as the vault published it: public
 * facts only.
 *
 * @param severity {@code INFO}, {@code WARNING} or {@code CRITICAL}
 */
record Finding(String code, String severity, String message, Map<String, String> attributes) {

	Finding {
		attributes = (attributes != null) ? Map.copyOf(attributes) : Map.of();
	}

}
