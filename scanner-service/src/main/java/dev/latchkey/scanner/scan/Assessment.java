package dev.latchkey.scanner.scan;

import java.time.Instant;

import dev.latchkey.catalogue.Probe.Verdict;

/**
 * The scanner's verdict on one credential version, as recorded and as reported. Holds no
 * secret.
 *
 * @param eventId id of the {@code ScanCompleted} that reports it, kept so that a replay
 * reports it again under the same id
 * @param version the leased (and so verified) version, or the announced one when nothing
 * was leased
 * @param httpStatus the platform's status, {@code null} when it did not answer
 */
record Assessment(String eventId, String tenantId, String integrationId, String provider, long version, Verdict outcome,
		Integer httpStatus, long latencyMillis, String reason, Instant assessedAt) {

	static final String LEASE_REFUSED = "LEASE_REFUSED";

	static final String UNKNOWN_PROVIDER = "UNKNOWN_PROVIDER";

	String id() {
		return idOf(this.integrationId, this.version);
	}

	static String idOf(String integrationId, long version) {
		return integrationId + ":" + version;
	}

}
