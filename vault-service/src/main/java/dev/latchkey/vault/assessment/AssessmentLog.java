package dev.latchkey.vault.assessment;

import java.util.List;

import dev.latchkey.vault.credential.Assessment;
import dev.latchkey.vault.credential.ScanHistory;
import reactor.core.publisher.Mono;

/** The scan history of each integration: kept by scan, read back newest first. */
interface AssessmentLog extends ScanHistory {

	/**
	 * The scans of one integration of one tenant, newest first (time, then event id).
	 * @param after where the page before ended, or {@code null} for the newest
	 */
	Mono<List<Assessment>> newestFirst(String tenantId, String integrationId, AssessmentCursor after, int limit);

}
