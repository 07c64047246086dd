package dev.latchkey.vault.credential;

import java.util.Map;

/**
 * One finding of a scan, as the scanner reported it: public facts only (whose account,
 * granted scopes, key kind, expiry), never a secret.
 *
 * @param code e.g. {@code ACCOUNT}, {@code OVER_SCOPED}, {@code KEY_KIND}
 * @param severity {@code INFO}, {@code WARNING} or {@code CRITICAL}
 * @param message one sentence for people
 * @param attributes machine-readable details, e.g. {@code login}, {@code missingScopes}
 */
public record Finding(String code, String severity, String message, Map<String, String> attributes) {

	public Finding {
		attributes = (attributes != null) ? Map.copyOf(attributes) : Map.of();
	}

}
