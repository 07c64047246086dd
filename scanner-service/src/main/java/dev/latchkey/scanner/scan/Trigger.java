package dev.latchkey.scanner.scan;

/** Why a scan runs, most telling first. */
enum Trigger {

	/** A new credential version waits for verification. */
	NEW_VERSION,

	/** A tenant asked for a scan now. */
	ON_DEMAND,

	/** The integration's period came round. */
	SCHEDULED;

	/** Of two reasons for one scan, the one worth reporting. */
	Trigger or(Trigger other) {
		return (other != null && other.ordinal() < ordinal()) ? other : this;
	}

}
