package dev.latchkey.websecurity;

import java.util.regex.Pattern;

/**
 * The tenant of the authenticated caller, taken from the bearer token only. Declare it as
 * a controller method parameter to receive it.
 * <p>
 * A tenant id is 1 to 64 characters: ASCII letters, digits, {@code .}, {@code _} and
 * {@code -}, starting with a letter or digit, never {@code ..}. No control character, no
 * {@code /}, no space: the id is safe in a log line, a file name, a MongoDB key and a URL
 * path segment.
 */
public record TenantId(String value) {

	/** What a tenant id looks like ({@code ..} is refused on top of it). */
	public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

	/** The rule in words, for error details. */
	public static final String RULE = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit,"
			+ " without '..'";

	public TenantId {
		if (!isValid(value)) {
			throw new IllegalArgumentException("A tenant id must be " + RULE);
		}
	}

	/** Whether {@code value} is a well-formed tenant id. */
	public static boolean isValid(String value) {
		return value != null && PATTERN.matcher(value).matches() && !value.contains("..");
	}

	@Override
	public String toString() {
		return this.value;
	}

}
