package dev.latchkey.catalogue;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How the scanner treats a provider beyond its probe: how often it re-checks a
 * credential, how hard it may ask the platform, where it may connect, and what it reads
 * from the probe's answer besides valid or invalid.
 *
 * @param every the default period between two scans of one integration
 * @param rateLimit what the whole scanner fleet may ask of the platform
 * @param local the platform runs on this machine or network (the demo platforms): the
 * egress guard lets its probes reach loopback and private addresses
 * @param requiredScopes the scopes the product needs; granted scopes are compared with
 * them when {@link Checks#scopes()} says where to read them
 * @param checks what to read from the probe's answer (never anything secret)
 */
public record Scan(Duration every, RateLimit rateLimit, boolean local, List<String> requiredScopes, Checks checks) {

	public static final Duration DEFAULT_EVERY = Duration.ofHours(6);

	public static final Scan DEFAULT = new Scan(DEFAULT_EVERY, RateLimit.NONE, false, List.of(), Checks.NONE);

	/**
	 * Requests per second and requests in flight, across all scanner instances; 0 means
	 * no limit.
	 */
	public record RateLimit(double perSecond, int concurrency) {

		public static final RateLimit NONE = new RateLimit(0, 0);

		public boolean limitsRate() {
			return this.perSecond > 0;
		}

		public boolean limitsConcurrency() {
			return this.concurrency > 0;
		}

	}

	/** Checks over the probe's answer and the credential; each may be absent. */
	public record Checks(Account account, Scopes scopes, KeyKind keyKind) {

		public static final Checks NONE = new Checks(null, null, null);

	}

	/**
	 * Whose credential it is: attributes read with JSON pointers from the answer's body,
	 * and a sentence with {@code {attribute}} placeholders, e.g. {@code Connected to
	 * Slack team {team} ({teamId}).}
	 */
	public record Account(Map<String, String> pointers, String message) {

	}

	/**
	 * Where the platform tells the granted scopes: a response header (GitHub's
	 * {@code X-OAuth-Scopes}) or a JSON pointer into the body (a string or an array), the
	 * string split on {@code separator}.
	 */
	public record Scopes(String header, String pointer, String separator) {

	}

	/**
	 * What kind of key a credential is, read from the form of one field (Stripe's
	 * {@code sk_test_}/{@code sk_live_}/{@code rk_}); the first matching kind wins. Only
	 * the kind's name is reported, never the field.
	 */
	public record KeyKind(String field, List<Kind> kinds) {

		public record Kind(String name, Pattern pattern, String severity, String message) {

		}

	}

	/**
	 * Parses a period: ISO-8601 ({@code PT6H}) or a number with a unit {@code s},
	 * {@code m}, {@code h}, {@code d} ({@code 6h}).
	 */
	public static Duration parsePeriod(String text) {
		String value = text.trim();
		if (value.toUpperCase(Locale.ROOT).startsWith("P")) {
			return Duration.parse(value);
		}
		long amount = Long.parseLong(value.substring(0, value.length() - 1));
		return switch (value.charAt(value.length() - 1)) {
			case 's' -> Duration.ofSeconds(amount);
			case 'm' -> Duration.ofMinutes(amount);
			case 'h' -> Duration.ofHours(amount);
			case 'd' -> Duration.ofDays(amount);
			default -> throw new IllegalArgumentException("A period is like 6h, 30m, 45s, 1d or PT6H, not " + text);
		};
	}

}
