package dev.latchkey.status.integration;

/**
 * One change of a tenant's view: an integration's new status, or its removal.
 *
 * @param status the new status, or the last known one when {@code removed}
 * @param previousRevision the tenant's revision before the change
 * @param revision the tenant's revision after the change
 */
record StatusChange(IntegrationStatus status, boolean removed, String previousRevision, String revision) {

	static StatusChange updated(IntegrationStatus status, String previousRevision, String revision) {
		return new StatusChange(status, false, previousRevision, revision);
	}

	static StatusChange removed(IntegrationStatus status, String previousRevision, String revision) {
		return new StatusChange(status, true, previousRevision, revision);
	}

	String tenantId() {
		return this.status.tenantId();
	}

}
