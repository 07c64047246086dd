package dev.latchkey.vault.credential;

/** What the scanner concluded about one credential version. */
enum ScanOutcome {

	VALID, INVALID, ERROR;

	static ScanOutcome parse(String outcome) {
		for (ScanOutcome candidate : values()) {
			if (candidate.name().equals(outcome)) {
				return candidate;
			}
		}
		throw new RejectedEventException("Unknown scan outcome " + outcome);
	}

}
