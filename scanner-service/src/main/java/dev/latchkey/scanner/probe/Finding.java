package dev.latchkey.scanner.probe;

import java.util.Map;

/**
 * One public fact a scan found, e.g. whose credential it is or that it lacks a scope.
 * Never holds a secret.
 *
 * @param code {@code ACCOUNT}, {@code OVER_SCOPED}, {@code UNDER_SCOPED},
 * {@code KEY_KIND}, {@code EXPIRES_SOON}, {@code CREDENTIAL_AGE}
 * @param severity {@code INFO}, {@code WARNING} or {@code CRITICAL}
 * @param message one sentence for people
 * @param attributes machine-readable details
 */
public record Finding(String code, String severity, String message, Map<String, String> attributes) {

	public static final String INFO = "INFO";

	public static final String WARNING = "WARNING";

	public static final String CRITICAL = "CRITICAL";

	public Finding {
		attributes = Map.copyOf(attributes);
	}

}
