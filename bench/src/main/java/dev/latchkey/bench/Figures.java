package dev.latchkey.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one command measured, printed as {@code key=value} lines (and written to a file
 * for {@code bench/run.sh}, which builds the table from them).
 */
public final class Figures {

	private final Map<String, String> values = new LinkedHashMap<>();

	public Figures put(String key, Object value) {
		this.values.put(key, format(value));
		return this;
	}

	private static String format(Object value) {
		if (value instanceof Double number) {
			if (number.isNaN()) {
				return "n/a";
			}
			return String.format(Locale.ROOT, (Math.abs(number) < 10) ? "%.2f" : "%.1f", number);
		}
		return String.valueOf(value);
	}

	public String get(String key) {
		return this.values.get(key);
	}

	@Override
	public String toString() {
		return this.values.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + entry.getValue())
			.collect(Collectors.joining("\n", "", "\n"));
	}

	/** Prints the figures and writes them to {@code out} when given. */
	public void report(String out) {
		System.out.print(this);
		if (out != null) {
			try {
				Files.writeString(Path.of(out), toString());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

}
