package dev.latchkey.crypto;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The secret fields of one credential (name → value). Its {@code toString()} shows only
 * the field names, so a secret cannot reach a log line by accident. Values leave only
 * through {@link #value(String)} or {@link #encode()}, both meant for the places where a
 * secret is sealed, encrypted or used.
 */
public final class SecretFields {

	private static final int FORMAT = 1;

	private final Map<String, String> values;

	private SecretFields(Map<String, String> values) {
		this.values = Collections.unmodifiableMap(new TreeMap<>(values));
	}

	public static SecretFields of(Map<String, String> values) {
		return new SecretFields(values);
	}

	public Set<String> names() {
		return this.values.keySet();
	}

	public String value(String name) {
		return this.values.get(name);
	}

	public boolean isEmpty() {
		return this.values.isEmpty();
	}

	/** Serialized form, to be sealed or encrypted right away. */
	public byte[] encode() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(FORMAT);
			out.writeInt(this.values.size());
			for (Map.Entry<String, String> entry : this.values.entrySet()) {
				out.writeUTF(entry.getKey());
				out.writeUTF(entry.getValue());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	public static SecretFields decode(byte[] encoded) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
			if (in.readByte() != FORMAT) {
				throw new SealingException("Unknown secret fields format");
			}
			int count = in.readInt();
			Map<String, String> values = new TreeMap<>();
			for (int i = 0; i < count; i++) {
				values.put(in.readUTF(), in.readUTF());
			}
			return new SecretFields(values);
		}
		catch (IOException ex) {
			throw new SealingException("Malformed secret fields", ex);
		}
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof SecretFields that && this.values.equals(that.values);
	}

	@Override
	public int hashCode() {
		return this.values.hashCode();
	}

	@Override
	public String toString() {
		return "SecretFields" + this.values.keySet() + "(values redacted)";
	}

}
