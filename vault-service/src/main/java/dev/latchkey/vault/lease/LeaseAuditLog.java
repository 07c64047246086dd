package dev.latchkey.vault.lease;

import java.util.List;

import reactor.core.publisher.Mono;

/**
 * Where every lease attempt is recorded (a granted lease before it is handed out), and
 * read back as an integration's access log.
 */
interface LeaseAuditLog {

	Mono<Void> record(LeaseAudit audit);

	/**
	 * The attempts on one integration of one tenant, newest first (time, then id).
	 * @param after where the page before ended, or {@code null} for the newest
	 */
	Mono<List<LeaseAudit>> newestFirst(String tenantId, String integrationId, AccessLogCursor after, int limit);

}
