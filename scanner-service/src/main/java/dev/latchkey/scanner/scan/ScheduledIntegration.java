package dev.latchkey.scanner.scan;

import java.time.Instant;
import java.util.Objects;

/**
 * One integration in the scan schedule (collection {@code scan_schedule}): what the
 * scanner knows of it, when it is due, and who holds it while it is scanned.
 * <p>
 * A claim sets {@code claimOwner}, a new {@code fence} and {@code claimUntil}, and moves
 * {@code nextCheckAt} to {@code claimUntil}: a claimed integration is simply not due
 * until its claim runs out, so the claim query is one range over {@code nextCheckAt}, and
 * a killed instance's claims come due again by themselves. Every write is a
 * compare-and-set on {@code revision}; a scan's result is written only while its
 * {@code fence} is still the integration's.
 *
 * @param wasActive the current version was seen working (ACTIVE from the vault, or a
 * VALID scan): a rejection now is a revocation
 * @param versionSince when the current version arrived (for its age)
 * @param trigger why the next scan runs
 * @param consecutiveFailures transient probe failures in a row
 * @param infrastructureFailures failed attempts to lease in a row (vault, key): retried,
 * never reported
 * @param requested a reason to scan again at once that arrived while claimed
 * @param pending an assessment recorded under the current claim whose report is not yet
 * confirmed sent
 * @param cause the W3C {@code traceparent} of what made it due now (the record of a new
 * version's status, a tenant's request), so that the scan goes on in that trace;
 * {@code null} for a scan on schedule
 */
record ScheduledIntegration(String id, String tenantId, String provider, long version, String state, boolean wasActive,
		Instant createdAt, Instant versionSince, Instant expiresAt, Long scanEverySeconds, Instant nextCheckAt,
		Trigger trigger, Instant lastCheckedAt, int consecutiveFailures, int infrastructureFailures, String claimOwner,
		long fence, Instant claimUntil, Trigger requested, Assessment pending, String cause, long revision) {

	boolean isClaimed(Instant now) {
		return this.claimUntil != null && this.claimUntil.isAfter(now);
	}

	/**
	 * A first sight of an integration, from its status.
	 * @param cause the status record's {@code traceparent}, or {@code null}
	 */
	static ScheduledIntegration from(StatusUpdate status, Instant now, Planner planner, String cause) {
		Instant next;
		Trigger trigger = Trigger.SCHEDULED;
		if (status.isPending()) {
			next = now;
			trigger = Trigger.NEW_VERSION;
		}
		else if (status.reportedNextCheckAt() != null) {
			next = status.reportedNextCheckAt();
		}
		else {
			Instant from = (status.lastCheckedAt() != null) ? status.lastCheckedAt() : now;
			next = planner.next(status.provider(), status.scanEverySeconds(), from);
		}
		// Fences start at the clock so that an integration deleted and created again
		// never reuses a claim's number (assessment ids are integration + fence).
		return new ScheduledIntegration(status.integrationId(), status.tenantId(), status.provider(), status.version(),
				status.state(), StatusUpdate.ACTIVE.equals(status.state()), status.createdAt(), status.occurredAt(),
				status.expiresAt(), status.scanEverySeconds(), next, trigger, status.lastCheckedAt(), 0, 0, null,
				now.toEpochMilli(), null, null, null, status.isPending() ? cause : null, 0);
	}

	/**
	 * Takes in a status. A new version waiting for verification is due now; a changed
	 * period re-plans; anything else (above all the statuses the vault publishes because
	 * of a scan) updates what is known without touching the plan.
	 * @param cause the status record's {@code traceparent}, or {@code null}
	 * @return the updated entry, or this one when the status is older than what is known
	 */
	ScheduledIntegration with(StatusUpdate status, Instant now, Planner planner, String cause) {
		if (status.version() < this.version) {
			return this;
		}
		boolean newVersion = status.version() > this.version;
		boolean active = StatusUpdate.ACTIVE.equals(status.state());
		ScheduledIntegration updated = new ScheduledIntegration(this.id, status.tenantId(), status.provider(),
				status.version(), status.state(), newVersion ? active : (this.wasActive || active), status.createdAt(),
				newVersion ? status.occurredAt() : this.versionSince, status.expiresAt(), status.scanEverySeconds(),
				this.nextCheckAt, this.trigger, this.lastCheckedAt, newVersion ? 0 : this.consecutiveFailures,
				this.infrastructureFailures, this.claimOwner, this.fence, this.claimUntil, this.requested, this.pending,
				this.cause, this.revision);
		if (newVersion && status.isPending()) {
			return updated.dueNow(Trigger.NEW_VERSION, now, cause);
		}
		if (!Objects.equals(status.scanEverySeconds(), this.scanEverySeconds) && !isClaimed(now)) {
			Instant from = (this.lastCheckedAt != null) ? this.lastCheckedAt : now;
			Instant next = planner.next(this.provider, status.scanEverySeconds(), from);
			return updated.plannedAt(next.isBefore(now) ? now : next, this.trigger);
		}
		return updated;
	}

	/**
	 * Due at once; while claimed, the request waits for the claim's end.
	 * @param cause the {@code traceparent} of the request, or {@code null}
	 */
	ScheduledIntegration dueNow(Trigger reason, Instant now, String cause) {
		if (isClaimed(now)) {
			return new ScheduledIntegration(this.id, this.tenantId, this.provider, this.version, this.state,
					this.wasActive, this.createdAt, this.versionSince, this.expiresAt, this.scanEverySeconds,
					this.nextCheckAt, this.trigger, this.lastCheckedAt, this.consecutiveFailures,
					this.infrastructureFailures, this.claimOwner, this.fence, this.claimUntil,
					reason.or(this.requested), this.pending, (cause != null) ? cause : this.cause, this.revision);
		}
		Trigger next = this.nextCheckAt.isAfter(now) ? reason : reason.or(this.trigger);
		return plannedAt(now, next, (cause != null) ? cause : this.cause);
	}

	ScheduledIntegration plannedAt(Instant next, Trigger reason) {
		return plannedAt(next, reason, this.cause);
	}

	private ScheduledIntegration plannedAt(Instant next, Trigger reason, String cause) {
		return new ScheduledIntegration(this.id, this.tenantId, this.provider, this.version, this.state, this.wasActive,
				this.createdAt, this.versionSince, this.expiresAt, this.scanEverySeconds, next, reason,
				this.lastCheckedAt, this.consecutiveFailures, this.infrastructureFailures, this.claimOwner, this.fence,
				this.claimUntil, this.requested, this.pending, cause, this.revision);
	}

	/**
	 * The result of the scan under this claim, its report (if any) still to be sent: the
	 * claim is kept until {@link #released} so that a crash before the report went out
	 * leaves it to the next claimer.
	 */
	ScheduledIntegration checked(Instant now, int failures, boolean valid, Assessment report) {
		return new ScheduledIntegration(this.id, this.tenantId, this.provider, this.version, this.state,
				this.wasActive || valid, this.createdAt, this.versionSince, this.expiresAt, this.scanEverySeconds,
				this.nextCheckAt, this.trigger, now, failures, 0, this.claimOwner, this.fence, this.claimUntil,
				this.requested, report, this.cause, this.revision);
	}

	/**
	 * Ends the claim: due at {@code next} for {@code reason}, or at once if a request
	 * came in meanwhile.
	 */
	ScheduledIntegration released(Instant next, Trigger reason, int infrastructureFailures, Instant now) {
		Instant due = (this.requested != null) ? now : next;
		Trigger why = (this.requested != null) ? this.requested : reason;
		return new ScheduledIntegration(this.id, this.tenantId, this.provider, this.version, this.state, this.wasActive,
				this.createdAt, this.versionSince, this.expiresAt, this.scanEverySeconds, due, why, this.lastCheckedAt,
				this.consecutiveFailures, infrastructureFailures, null, this.fence, null, null, null,
				(this.requested != null) ? this.cause : null, this.revision);
	}

}
