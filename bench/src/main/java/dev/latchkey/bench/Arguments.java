package dev.latchkey.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** {@code --name value} options of one command. */
public final class Arguments {

	private final Map<String, String> values;

	private Arguments(Map<String, String> values) {
		this.values = values;
	}

	public static Arguments parse(String... args) {
		Map<String, String> values = new HashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (!args[i].startsWith("--") || i + 1 == args.length) {
				throw new IllegalArgumentException("expected --name value, got " + args[i]);
			}
			values.put(args[i].substring(2), args[++i]);
		}
		return new Arguments(values);
	}

	public String text(String name) {
		String value = this.values.get(name);
		if (value == null) {
			throw new IllegalArgumentException("--" + name + " is required");
		}
		return value;
	}

	public String text(String name, String fallback) {
		return this.values.getOrDefault(name, fallback);
	}

	public int number(String name, int fallback) {
		return Integer.parseInt(text(name, Integer.toString(fallback)));
	}

	/** A duration in seconds ({@code 90}) or ISO-8601 ({@code PT90S}). */
	public Duration seconds(String name, Duration fallback) {
		String value = this.values.get(name);
		if (value == null) {
			return fallback;
		}
		return value.startsWith("P") ? Duration.parse(value) : Duration.ofSeconds(Long.parseLong(value));
	}

}
