package dev.latchkey.vaultclient;

import reactor.core.publisher.Mono;

/**
 * Reads an integration's scan history (purpose {@code access-log}): every scan the
 * scanner reported, newest first. Fails like {@link AccessLogs}: refused (also for
 * another tenant's, a deleted or an unknown integration) or unavailable.
 */
@FunctionalInterface
public interface Assessments {

	/**
	 * @param cursor {@link AssessmentPage#next()} of the page before, or {@code null} for
	 * the newest scans
	 * @param limit at most this many scans (1 to {@link AssessmentPage#MAX_LIMIT})
	 */
	Mono<AssessmentPage> assessments(String tenantId, String integrationId, String cursor, int limit);

}
