package dev.latchkey.collector.credential;

import java.time.Duration;
import java.time.Instant;

/**
 * What the collector remembers of one idempotency key: the event id reserved for it
 * (every attempt publishes that same event, so the vault keeps one version however often
 * it arrives), a fingerprint of the submission, and the answer once the broker
 * acknowledged it. Never the body or a secret.
 *
 * @param id hex SHA-256 of tenant and key
 * @param occurredAt the event's time, the same on every attempt
 * @param answer the accepted submission, set once {@link State#SUCCEEDED}
 * @param lockedUntil while an attempt is running, until when others wait for it
 * @param version incremented on every write, for compare-and-set
 */
record IdempotencyRecord(String id, Fingerprint fingerprint, String eventId, Instant occurredAt, State state,
		Accepted answer, Instant createdAt, Instant expiresAt, Instant lockedUntil, long version) {

	enum State {

		/** An attempt is publishing (or died doing so: see {@code lockedUntil}). */
		IN_FLIGHT,

		/** The last attempt was not acknowledged; a retry publishes the same event. */
		FAILED,

		/** Acknowledged; retries get the stored answer. */
		SUCCEEDED

	}

	/** A key seen for the first time, with an attempt starting now. */
	static IdempotencyRecord inFlight(String id, Fingerprint fingerprint, String eventId, Instant now,
			Duration retention, Duration lock) {
		return new IdempotencyRecord(id, fingerprint, eventId, now, State.IN_FLIGHT, null, now, now.plus(retention),
				now.plus(lock), 0);
	}

	/** A key handed to a client after an attempt without one failed. */
	static IdempotencyRecord failed(String id, Fingerprint fingerprint, String eventId, Instant occurredAt, Instant now,
			Duration retention) {
		return new IdempotencyRecord(id, fingerprint, eventId, occurredAt, State.FAILED, null, now, now.plus(retention),
				null, 0);
	}

	boolean expiredAt(Instant now) {
		return !now.isBefore(this.expiresAt);
	}

	boolean lockedAt(Instant now) {
		return this.state == State.IN_FLIGHT && this.lockedUntil != null && now.isBefore(this.lockedUntil);
	}

	/** The next attempt, after a failed or abandoned one: same event, new lock. */
	IdempotencyRecord retriedAt(Instant now, Duration lock) {
		return new IdempotencyRecord(this.id, this.fingerprint, this.eventId, this.occurredAt, State.IN_FLIGHT, null,
				this.createdAt, this.expiresAt, now.plus(lock), this.version + 1);
	}

	IdempotencyRecord succeeded(Accepted answer) {
		return new IdempotencyRecord(this.id, this.fingerprint, this.eventId, this.occurredAt, State.SUCCEEDED, answer,
				this.createdAt, this.expiresAt, null, this.version + 1);
	}

	IdempotencyRecord failed() {
		return new IdempotencyRecord(this.id, this.fingerprint, this.eventId, this.occurredAt, State.FAILED, null,
				this.createdAt, this.expiresAt, null, this.version + 1);
	}

	/** Takes the place of an expired record: a new submission altogether. */
	IdempotencyRecord replacedBy(IdempotencyRecord fresh) {
		return new IdempotencyRecord(this.id, fresh.fingerprint, fresh.eventId, fresh.occurredAt, fresh.state,
				fresh.answer, fresh.createdAt, fresh.expiresAt, fresh.lockedUntil, this.version + 1);
	}

}
