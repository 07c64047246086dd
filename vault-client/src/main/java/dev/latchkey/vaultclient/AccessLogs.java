package dev.latchkey.vaultclient;

import reactor.core.publisher.Mono;

/**
 * Reads an integration's access log: every lease attempt, newest first. Fails like
 * {@link Leases}: refused (also for another tenant's integration) or unavailable.
 */
@FunctionalInterface
public interface AccessLogs {

	/**
	 * @param cursor {@link AccessLogPage#next()} of the page before, or {@code null} for
	 * the newest entries
	 * @param limit at most this many entries (1 to {@link AccessLogPage#MAX_LIMIT})
	 */
	Mono<AccessLogPage> accessLog(String tenantId, String integrationId, String cursor, int limit);

}
