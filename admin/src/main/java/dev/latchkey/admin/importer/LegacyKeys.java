package dev.latchkey.admin.importer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The legacy stores' keys, read from the environment: the variable the mapping names
 * (e.g. {@code ENCRYPTION_KEY}), else a file named by the same variable with
 * {@code _FILE} appended. Never from an argument, so a key does not land in shell history
 * or a process list. Every key read is remembered, for {@link #fingerprint()}.
 */
final class LegacyKeys {

	private final Map<String, String> environment;

	private final Map<String, String> read = new TreeMap<>();

	LegacyKeys(Map<String, String> environment) {
		this.environment = environment;
	}

	/**
	 * The key text of a variable (or its {@code _FILE}); fails naming both when neither
	 * is set.
	 */
	String text(String variable) {
		String value = this.environment.get(variable);
		if (value == null || value.isBlank()) {
			String file = this.environment.get(variable + "_FILE");
			if (file == null || file.isBlank()) {
				throw new MappingException("The legacy key is missing: set " + variable + " (or " + variable
						+ "_FILE to a file that holds it) in the environment");
			}
			try {
				value = Files.readString(Path.of(file), StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new MappingException(variable + "_FILE names " + file + ", which cannot be read");
			}
		}
		String key = value.strip();
		this.read.put(variable, key);
		return key;
	}

	/**
	 * A 32-byte key in the encoding the mapping names: base64 (the default), hex or utf8.
	 */
	byte[] aes256(String variable, String encoding) {
		String text = text(variable);
		byte[] key;
		try {
			key = switch ((encoding != null) ? encoding : "base64") {
				case "base64" -> Base64.getDecoder().decode(text);
				case "hex" -> HexFormat.of().parseHex(text);
				case "utf8" -> text.getBytes(StandardCharsets.UTF_8);
				default -> throw new MappingException("keyEncoding must be base64, hex or utf8");
			};
		}
		catch (IllegalArgumentException ex) {
			throw new MappingException(
					variable + " is not valid " + encoding + " (expected " + encoding + " of 32 bytes)");
		}
		if (key.length != 32) {
			throw new MappingException(variable + " holds " + key.length + " bytes; AES-256 needs 32");
		}
		return key;
	}

	/**
	 * SHA-256 over every key read so far (with its variable name): secret, stable across
	 * runs with the same keys, and telling nothing about the keys themselves.
	 */
	byte[] fingerprint() {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update("latchkey import legacy keys v1".getBytes(StandardCharsets.UTF_8));
			this.read.forEach((variable, key) -> {
				digest.update((byte) 0);
				digest.update(variable.getBytes(StandardCharsets.UTF_8));
				digest.update((byte) 0);
				digest.update(key.getBytes(StandardCharsets.UTF_8));
			});
			return digest.digest();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	boolean any() {
		return !this.read.isEmpty();
	}

}
