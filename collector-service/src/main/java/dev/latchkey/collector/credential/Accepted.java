package dev.latchkey.collector.credential;

import dev.latchkey.catalogue.IntegrationId;

/**
 * A submission the broker has acknowledged; the vault stores it next.
 *
 * @param replayed whether this is the stored answer to an earlier request with the same
 * idempotency key (nothing was published this time)
 */
record Accepted(IntegrationId integrationId, String provider, String name, boolean replayed) {

	Accepted(IntegrationId integrationId, String provider, String name) {
		this(integrationId, provider, name, false);
	}

	Accepted asReplay() {
		return new Accepted(this.integrationId, this.provider, this.name, true);
	}

}
