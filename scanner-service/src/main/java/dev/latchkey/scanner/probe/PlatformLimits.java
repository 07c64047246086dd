package dev.latchkey.scanner.probe;

import java.time.Instant;

import dev.latchkey.catalogue.Scan;
import reactor.core.publisher.Mono;

/**
 * A platform's limits, shared by every scanner instance: requests per second, requests in
 * flight, and pauses a platform asked for with 429 {@code Retry-After}.
 */
public interface PlatformLimits {

	/** No limits at all (tests of other concerns). */
	PlatformLimits NONE = new PlatformLimits() {

		@Override
		public Mono<Permit> acquire(String provider, Scan.RateLimit limit) {
			return Mono.just(() -> {
			});
		}

		@Override
		public Mono<Void> pause(String provider, Instant until) {
			return Mono.empty();
		}

	};

	/**
	 * Waits for the right to send one request: a free slot of the provider's concurrency
	 * and its next rate slot.
	 * @return the permit, released once the answer is in; or
	 * {@link PlatformBusyException} when the wait would be longer than the scanner waits
	 * holding a claim
	 */
	Mono<Permit> acquire(String provider, Scan.RateLimit limit);

	/** Sends nothing to the provider before {@code until}, fleet-wide. */
	Mono<Void> pause(String provider, Instant until);

	/** One request's right to be in flight. */
	@FunctionalInterface
	interface Permit {

		void release();

		/**
		 * The latest moment the request may still leave: a request held up past it (a
		 * stalled thread, a slow connection) would reach the platform too close to the
		 * requests after it, so it is not sent and takes a new permit instead.
		 * @return the moment, or {@code null} when the request may leave any time
		 */
		default Instant sendBy() {
			return null;
		}

	}

}
