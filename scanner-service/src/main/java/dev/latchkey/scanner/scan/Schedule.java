package dev.latchkey.scanner.scan;

import java.time.Instant;

import reactor.core.publisher.Mono;

/** The scan schedule, shared by every scanner instance. */
interface Schedule {

	Mono<ScheduledIntegration> find(String integrationId);

	/**
	 * @return {@code false} when the integration is already scheduled
	 */
	Mono<Boolean> insert(ScheduledIntegration integration);

	/**
	 * Writes the entry if nobody wrote it since it was read (its revision is unchanged).
	 * @return {@code false} on a conflict: read again and redo
	 */
	Mono<Boolean> replace(ScheduledIntegration integration);

	Mono<Void> delete(String integrationId);

	/**
	 * Claims the integration due longest, if any is due: a new fence, owner and
	 * {@code claimUntil}; {@code nextCheckAt} moves to {@code claimUntil}.
	 */
	Mono<ScheduledIntegration> claimNext(String owner, Instant now, Instant claimUntil);

}
