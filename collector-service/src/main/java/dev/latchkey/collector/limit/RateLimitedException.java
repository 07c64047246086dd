package dev.latchkey.collector.limit;

import java.time.Duration;

/**
 * A submission over the tenant's or the integration's rate, or a scan asked for again too
 * soon; nothing was published.
 */
public class RateLimitedException extends RuntimeException {

	private final String scope;

	private final Duration retryAfter;

	RateLimitedException(String scope, Duration retryAfter) {
		this("submissions", scope, retryAfter);
	}

	/**
	 * @param what what came too often, e.g. {@code submissions}, {@code scan requests}
	 */
	RateLimitedException(String what, String scope, Duration retryAfter) {
		super("Too many " + what + " for this " + scope, null, false, false);
		this.scope = scope;
		this.retryAfter = retryAfter;
	}

	/** {@code tenant} or {@code integration}. */
	public String scope() {
		return this.scope;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
