package dev.latchkey.catalogue;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * One field of a provider's credential.
 *
 * @param pattern the whole value must match it; {@code null} when any value goes
 */
public record Field(String name, boolean secret, boolean required, Pattern pattern, int maxLength) {

	static final int DEFAULT_MAX_LENGTH = 4096;

	private static final Set<String> SECRET_NAMES = Set.of("access_token", "refresh_token", "api_key", "client_secret");

	private static final Set<String> SECRET_SUFFIXES = Set.of("_token", "_key", "_secret", "_password");

	/** The classification used when the catalogue does not declare one. */
	public static boolean secretByName(String name) {
		return SECRET_NAMES.contains(name) || SECRET_SUFFIXES.stream().anyMatch(name::endsWith);
	}

	/**
	 * Describes what is wrong with a value, without repeating the value; {@code null}
	 * when it is fine.
	 */
	public String problemWith(String value) {
		if (value == null || value.isEmpty()) {
			return this.required ? "is required" : null;
		}
		if (value.length() > this.maxLength) {
			return "is longer than " + this.maxLength + " characters";
		}
		if (this.pattern != null && !this.pattern.matcher(value).matches()) {
			return "does not match the expected format " + this.pattern.pattern();
		}
		return null;
	}

}
