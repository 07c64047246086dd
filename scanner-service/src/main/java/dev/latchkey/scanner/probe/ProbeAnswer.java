package dev.latchkey.scanner.probe;

/** What came back from a platform, if anything. */
sealed interface ProbeAnswer {

	/** The platform answered; the body is truncated to a bounded size. */
	record Answered(int status, String body) implements ProbeAnswer {

		@Override
		public String toString() {
			return "Answered[status=" + this.status + "]";
		}

	}

	/** No connection or no answer within the probe timeout. */
	record TimedOut() implements ProbeAnswer {
	}

	/** The platform could not be reached at all, e.g. connection refused. */
	record Unreachable() implements ProbeAnswer {
	}

}
