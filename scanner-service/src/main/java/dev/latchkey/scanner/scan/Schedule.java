package dev.latchkey.scanner.scan;

import java.time.Instant;

import reactor.core.publisher.Flux;
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
	 * Claims up to {@code max} of the integrations due longest: each a new fence, owner
	 * and {@code claimUntil}, its {@code nextCheckAt} moved to {@code claimUntil}. Each
	 * claim is atomic on its own; one that another instance (or writer) got to first is
	 * left out, so an integration is claimed by one instance at a time.
	 */
	Flux<ScheduledIntegration> claimDue(String owner, Instant now, Instant claimUntil, int max);

	/** Claims the integration due longest, if any is due (see {@link #claimDue}). */
	default Mono<ScheduledIntegration> claimNext(String owner, Instant now, Instant claimUntil) {
		return claimDue(owner, now, claimUntil, 1).next();
	}

}
