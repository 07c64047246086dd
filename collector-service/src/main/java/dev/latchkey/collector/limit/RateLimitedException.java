package dev.latchkey.collector.limit;

import java.time.Duration;

/** A submission over the tenant's or the integration's rate; nothing was published. */
public class RateLimitedException extends RuntimeException {

	private final String scope;

	private final Duration retryAfter;

	RateLimitedException(String scope, Duration retryAfter) {
		super("Too many submissions for this " + scope, null, false, false);
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
