package dev.latchkey.scanner.probe;

import java.util.Map;

/** What came back from a platform, if anything. */
sealed interface ProbeAnswer {

	/**
	 * The platform answered; the body is truncated to a bounded size, header names are
	 * lower case.
	 */
	record Answered(int status, Map<String, String> headers, String body) implements ProbeAnswer {

		Answered(int status, String body) {
			this(status, Map.of(), body);
		}

		String header(String name) {
			return this.headers.get(name.toLowerCase(java.util.Locale.ROOT));
		}

		@Override
		public String toString() {
			return "Answered[status=" + this.status + "]";
		}

	}

	/** No connection or no answer within the probe timeout. */
	record TimedOut() implements ProbeAnswer {
	}

	/**
	 * The platform could not be reached at all, e.g. connection refused, unknown host.
	 */
	record Unreachable() implements ProbeAnswer {
	}

	/**
	 * Not sent: the moment it had to leave by had passed when it was about to (see
	 * {@link PlatformLimits.Permit#sendBy()}).
	 */
	record Late() implements ProbeAnswer {
	}

	/** The egress guard refused the destination: no connection was made. */
	record Refused() implements ProbeAnswer {
	}

}
