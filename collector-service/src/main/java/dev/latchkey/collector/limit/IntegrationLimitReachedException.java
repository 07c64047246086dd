package dev.latchkey.collector.limit;

/** The tenant has as many integrations as allowed; nothing was published. */
public class IntegrationLimitReachedException extends RuntimeException {

	private final int limit;

	IntegrationLimitReachedException(int limit) {
		super("The tenant has " + limit + " integrations, the most allowed", null, false, false);
		this.limit = limit;
	}

	public int limit() {
		return this.limit;
	}

}
