package dev.latchkey.scanner.probe;

import java.time.Instant;
import java.util.List;

import dev.latchkey.catalogue.Probe.Verdict;

/**
 * What a platform said about a credential.
 *
 * @param outcome {@code VALID}, {@code INVALID} or {@code ERROR}
 * @param httpStatus the platform's status, {@code null} when it did not answer
 * @param latencyMillis time from sending the probe to its answer or failure
 * @param reason a machine-readable reason code
 * @param transientFailure an error worth retrying (timeout, 5xx, 429, unreachable):
 * reported only after several in a row
 * @param retryAfter when a platform that answered 429 asked to be left alone until,
 * {@code null} otherwise
 * @param findings what the catalogue's checks read from the answer
 */
public record Verification(Verdict outcome, Integer httpStatus, long latencyMillis, String reason,
		boolean transientFailure, Instant retryAfter, List<Finding> findings) {

	public static final String VERIFIED = "VERIFIED";

	public static final String REJECTED_BY_PLATFORM = "REJECTED_BY_PLATFORM";

	public static final String UNEXPECTED_STATUS = "UNEXPECTED_STATUS_";

	public static final String TIMEOUT = "TIMEOUT";

	public static final String PLATFORM_UNAVAILABLE = "PLATFORM_UNAVAILABLE";

	public static final String RATE_LIMITED = "RATE_LIMITED";

	public static final String EGRESS_REFUSED = "EGRESS_REFUSED";

	public Verification {
		findings = List.copyOf(findings);
	}

	/** A final error that no probe produced, e.g. an unknown provider. */
	public static Verification error(String reason) {
		return new Verification(Verdict.ERROR, null, 0, reason, false, null, List.of());
	}

	static Verification of(ProbeAnswer answer, Verdict verdict, long latencyMillis, Instant now,
			List<Finding> findings) {
		if (answer instanceof ProbeAnswer.Answered answered) {
			int status = answered.status();
			return switch (verdict) {
				case VALID -> new Verification(verdict, status, latencyMillis, VERIFIED, false, null, findings);
				case INVALID ->
					new Verification(verdict, status, latencyMillis, REJECTED_BY_PLATFORM, false, null, List.of());
				case ERROR -> {
					if (status == 429) {
						yield new Verification(verdict, status, latencyMillis, RATE_LIMITED, true,
								RetryAfter.parse(answered.header("Retry-After"), now), List.of());
					}
					if (status >= 500) {
						yield new Verification(verdict, status, latencyMillis, PLATFORM_UNAVAILABLE, true, null,
								List.of());
					}
					yield new Verification(verdict, status, latencyMillis, UNEXPECTED_STATUS + status, false, null,
							List.of());
				}
			};
		}
		if (answer instanceof ProbeAnswer.Refused) {
			return new Verification(Verdict.ERROR, null, latencyMillis, EGRESS_REFUSED, false, null, List.of());
		}
		String reason = (answer instanceof ProbeAnswer.TimedOut) ? TIMEOUT : PLATFORM_UNAVAILABLE;
		return new Verification(Verdict.ERROR, null, latencyMillis, reason, true, null, List.of());
	}

}
