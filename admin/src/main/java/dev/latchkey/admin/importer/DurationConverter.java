package dev.latchkey.admin.importer;

import java.time.Duration;
import java.util.Locale;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code 90s}, {@code 10m}, {@code 1h}, or ISO-8601 ({@code PT10M}). */
final class DurationConverter implements ITypeConverter<Duration> {

	@Override
	public Duration convert(String value) {
		String text = value.strip().toLowerCase(Locale.ROOT);
		try {
			if (text.startsWith("pt")) {
				return Duration.parse(text.toUpperCase(Locale.ROOT));
			}
			long amount = Long.parseLong(text.substring(0, text.length() - 1));
			return switch (text.charAt(text.length() - 1)) {
				case 's' -> Duration.ofSeconds(amount);
				case 'm' -> Duration.ofMinutes(amount);
				case 'h' -> Duration.ofHours(amount);
				default ->
					throw new TypeConversionException("'" + value + "' is not a duration such as 90s, 10m or 1h");
			};
		}
		catch (RuntimeException ex) {
			throw new TypeConversionException("'" + value + "' is not a duration such as 90s, 10m or 1h");
		}
	}

}
