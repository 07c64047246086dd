package dev.latchkey.vault.rotation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A long key operation and its checkpoint: what it does, how far it got (pass, phase,
 * last id done) and what it counted. Stored after every page, so a vault killed in the
 * middle resumes from the last page.
 *
 * @param targetKeyId the key everything is to be wrapped by (root or tenant key id); 0
 * for an offboarding
 * @param pass passes over the records so far (a pass after the first picks up what other
 * instances wrote with an older key meanwhile)
 * @param phase index into the collections the operation walks
 * @param lastId the id of the last record done in this phase, {@code null} at its start
 * @param total records to do, counted at the start
 * @param done records changed
 * @param failed records that could not be changed (altered, or keys missing): listed in
 * {@code failures}, never retried silently
 * @param remaining records still needing an old key when the operation ended
 */
record KeyOperation(String id, Kind kind, String tenantId, long targetKeyId, State state, int pass, int phase,
		String lastId, long total, long done, long failed, List<String> failures, long remaining, Instant startedAt,
		Instant updatedAt) {

	static final int LISTED_FAILURES = 20;

	KeyOperation {
		failures = List.copyOf(failures);
	}

	static KeyOperation start(String id, Kind kind, String tenantId, long targetKeyId, long total, Instant now) {
		return new KeyOperation(id, kind, tenantId, targetKeyId, State.RUNNING, 1, 0, null, total, 0, 0, List.of(), 0,
				now, now);
	}

	KeyOperation afterPage(String lastId, long changed, List<String> newFailures, Instant now) {
		List<String> listed = new ArrayList<>(this.failures);
		for (String failure : newFailures) {
			if (listed.size() < LISTED_FAILURES) {
				listed.add(failure);
			}
		}
		return new KeyOperation(this.id, this.kind, this.tenantId, this.targetKeyId, this.state, this.pass, this.phase,
				lastId, this.total, this.done + changed, this.failed + newFailures.size(), listed, this.remaining,
				this.startedAt, now);
	}

	KeyOperation nextPhase(Instant now) {
		return new KeyOperation(this.id, this.kind, this.tenantId, this.targetKeyId, this.state, this.pass,
				this.phase + 1, null, this.total, this.done, this.failed, this.failures, this.remaining, this.startedAt,
				now);
	}

	KeyOperation nextPass(Instant now) {
		return new KeyOperation(this.id, this.kind, this.tenantId, this.targetKeyId, this.state, this.pass + 1, 0, null,
				this.total, this.done, this.failed, this.failures, this.remaining, this.startedAt, now);
	}

	KeyOperation finished(long remaining, Instant now) {
		return new KeyOperation(this.id, this.kind, this.tenantId, this.targetKeyId, State.DONE, this.pass, this.phase,
				this.lastId, this.total, this.done, this.failed, this.failures, remaining, this.startedAt, now);
	}

	boolean isRunning() {
		return this.state == State.RUNNING;
	}

	enum Kind {

		/** Rewraps every tenant key under the root primary. */
		ROOT_REWRAP,
		/** Rewraps every data key of one tenant under its primary key. */
		TENANT_REWRAP,
		/** Deletes every integration of a tenant whose key was destroyed. */
		OFFBOARD

	}

	enum State {

		RUNNING, DONE

	}

}
