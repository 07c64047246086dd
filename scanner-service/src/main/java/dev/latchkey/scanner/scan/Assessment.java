package dev.latchkey.scanner.scan;

import java.time.Instant;
import java.util.List;

import dev.latchkey.catalogue.Probe.Verdict;
import dev.latchkey.scanner.probe.Finding;

/**
 * The scanner's verdict on one credential version, as recorded and as reported. Holds no
 * secret.
 *
 * @param eventId id of the {@code ScanCompleted} that reports it, kept so that a report
 * re-sent after a crash goes out under the same id
 * @param version the leased (and so verified) version, or the scheduled one when nothing
 * was leased
 * @param httpStatus the platform's status, {@code null} when it did not answer
 * @param nextCheckAt when the scanner checks this integration next
 * @param consecutiveFailures transient failures in a row up to this scan
 * @param fence the claim the scan ran under: one assessment per claim
 */
record Assessment(String eventId, String tenantId, String integrationId, String provider, long version, Verdict outcome,
		Integer httpStatus, long latencyMillis, String reason, Instant assessedAt, Trigger trigger,
		List<Finding> findings, Instant nextCheckAt, int consecutiveFailures, long fence) {

	static final String LEASE_REFUSED = "LEASE_REFUSED";

	static final String UNKNOWN_PROVIDER = "UNKNOWN_PROVIDER";

	static final String REVOKED_AT_PLATFORM = "REVOKED_AT_PLATFORM";

	Assessment {
		findings = List.copyOf(findings);
	}

	String id() {
		return idOf(this.integrationId, this.fence);
	}

	static String idOf(String integrationId, long fence) {
		return integrationId + ":" + fence;
	}

}
