package dev.latchkey.scanner.probe;

import dev.latchkey.catalogue.Probe.Verdict;

/**
 * What a platform said about a credential.
 *
 * @param outcome {@code VALID}, {@code INVALID} or {@code ERROR}
 * @param httpStatus the platform's status, {@code null} when it did not answer
 * @param latencyMillis time from sending the probe to its answer or failure
 * @param reason a machine-readable reason code
 */
public record Verification(Verdict outcome, Integer httpStatus, long latencyMillis, String reason) {

	public static final String VERIFIED = "VERIFIED";

	public static final String REJECTED_BY_PLATFORM = "REJECTED_BY_PLATFORM";

	public static final String UNEXPECTED_STATUS = "UNEXPECTED_STATUS_";

	public static final String TIMEOUT = "TIMEOUT";

	public static final String PLATFORM_UNREACHABLE = "PLATFORM_UNREACHABLE";

	static Verification of(ProbeAnswer answer, Verdict verdict, long latencyMillis) {
		if (answer instanceof ProbeAnswer.Answered answered) {
			String reason = switch (verdict) {
				case VALID -> VERIFIED;
				case INVALID -> REJECTED_BY_PLATFORM;
				case ERROR -> UNEXPECTED_STATUS + answered.status();
			};
			return new Verification(verdict, answered.status(), latencyMillis, reason);
		}
		String reason = (answer instanceof ProbeAnswer.TimedOut) ? TIMEOUT : PLATFORM_UNREACHABLE;
		return new Verification(Verdict.ERROR, null, latencyMillis, reason);
	}

}
