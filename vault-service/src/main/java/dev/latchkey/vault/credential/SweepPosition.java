package dev.latchkey.vault.credential;

import java.time.Instant;

/**
 * Where a sweep of pending credentials stopped: the sweep order is {@code updatedAt},
 * then integration id, and the next sweep continues after this credential.
 *
 * @param updatedAt {@code null} for {@link #FIRST}
 * @param integrationId {@code null} for {@link #FIRST}
 */
record SweepPosition(Instant updatedAt, String integrationId) {

	/** Before the oldest pending credential. */
	static final SweepPosition FIRST = new SweepPosition(null, null);

	static SweepPosition after(Credential credential) {
		return new SweepPosition(credential.updatedAt(), credential.integrationId());
	}

	boolean isFirst() {
		return this.updatedAt == null;
	}

}
