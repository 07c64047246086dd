package dev.latchkey.vaultclient;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One page of an integration's scan history, newest first.
 *
 * @param next the cursor of the next (older) page, {@code null} on the last page
 */
public record AssessmentPage(List<Assessment> entries, String next) {

	/** The most scans one page holds. */
	public static final int MAX_LIMIT = 200;

	public AssessmentPage {
		entries = List.copyOf(entries);
	}

	/**
	 * One scan as the vault kept it. Never a secret.
	 *
	 * @param at when the scanner checked
	 * @param version the credential version it checked
	 * @param trigger {@code NEW_VERSION}, {@code SCHEDULED}, {@code ON_DEMAND} or
	 * {@code null}
	 * @param outcome {@code VALID}, {@code INVALID} or {@code ERROR}
	 * @param reason e.g. {@code VERIFIED}, {@code REVOKED_AT_PLATFORM}, {@code TIMEOUT}
	 * @param httpStatus the platform's answer, {@code null} when there was none
	 */
	public record Assessment(Instant at, long version, String trigger, String outcome, String reason,
			Integer httpStatus, long latencyMillis, List<Finding> findings, int consecutiveFailures) {

		public Assessment {
			findings = (findings != null) ? List.copyOf(findings) : List.of();
		}

	}

	/** One finding of a scan: public facts only. */
	public record Finding(String code, String severity, String message, Map<String, String> attributes) {

		public Finding {
			attributes = (attributes != null) ? Map.copyOf(attributes) : Map.of();
		}

	}

}
