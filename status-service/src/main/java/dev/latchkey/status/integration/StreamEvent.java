package dev.latchkey.status.integration;

/**
 * What a subscriber of a tenant's view receives.
 *
 * @param type {@code snapshot}, {@code change} or {@code resync}
 * @param id the tenant's revision once this event is applied; none for {@code resync}
 * @param snapshot the tenant's integrations, for {@code snapshot}
 * @param change the change, for {@code change}
 */
record StreamEvent(String type, String id, StatusView.Snapshot snapshot, StatusChange change) {

	static final String SNAPSHOT = "snapshot";

	static final String CHANGE = "change";

	static final String RESYNC = "resync";

	static StreamEvent snapshot(StatusView.Snapshot snapshot) {
		return new StreamEvent(SNAPSHOT, snapshot.revision(), snapshot, null);
	}

	static StreamEvent change(StatusChange change) {
		return new StreamEvent(CHANGE, change.revision(), null, change);
	}

	/** The subscriber fell behind and was dropped: reconnect for a fresh snapshot. */
	static StreamEvent resync() {
		return new StreamEvent(RESYNC, null, null, null);
	}

}
