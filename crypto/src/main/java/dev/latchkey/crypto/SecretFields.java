package dev.latchkey.crypto;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The secret fields of one credential (name → value). Its {@code toString()} shows only
 * the field names, so a secret cannot reach a log line by accident. Values leave only
 * through {@link #value(String)} (where a secret is used) or sealed by a {@link Sealer}.
 */
public final class SecretFields {

	private static final int FORMAT = 1;

	/** The longest field name or value: {@code writeUTF}'s two-byte length prefix. */
	private static final int MAX_ENCODED_STRING = 0xFFFF;

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

	/**
	 * The serialized form: a format byte, the number of fields, then each name and value
	 * as {@code DataOutputStream.writeUTF} writes them (the wire format of every sealed
	 * and stored secret). Written straight into one array of the exact size, so no
	 * growing buffer leaves copies behind: the caller zeroes it once used. Between
	 * services use a {@link Sealer}, which does that; this is public for the vault's
	 * envelope encryption at rest.
	 */
	public byte[] encode() {
		int size = 1 + 4;
		for (Map.Entry<String, String> entry : this.values.entrySet()) {
			size += 2 + encodedLength(entry.getKey()) + 2 + encodedLength(entry.getValue());
		}
		byte[] out = new byte[size];
		int position = 0;
		out[position++] = FORMAT;
		position = writeInt(out, position, this.values.size());
		for (Map.Entry<String, String> entry : this.values.entrySet()) {
			position = writeUtf(out, position, entry.getKey());
			position = writeUtf(out, position, entry.getValue());
		}
		return out;
	}

	/**
	 * Reads what {@link #encode()} wrote, without intermediate copies of the bytes (the
	 * characters of each string pass through one array, zeroed at once). The caller
	 * zeroes {@code encoded}; an {@link Opener} does that.
	 */
	public static SecretFields decode(byte[] encoded) {
		Reader in = new Reader(encoded);
		if (in.readByte() != FORMAT) {
			throw new SealingException("Unknown secret fields format");
		}
		int count = in.readInt();
		if (count < 0) {
			throw new SealingException("Malformed secret fields");
		}
		Map<String, String> values = new TreeMap<>();
		for (int i = 0; i < count; i++) {
			values.put(in.readUtf(), in.readUtf());
		}
		return new SecretFields(values);
	}

	private static int encodedLength(String value) {
		int length = 0;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			length += (c >= 0x0001 && c <= 0x007F) ? 1 : (c > 0x07FF) ? 3 : 2;
		}
		if (length > MAX_ENCODED_STRING) {
			throw new SealingException("A secret field name or value is longer than " + MAX_ENCODED_STRING + " bytes");
		}
		return length;
	}

	private static int writeInt(byte[] out, int position, int value) {
		out[position] = (byte) (value >>> 24);
		out[position + 1] = (byte) (value >>> 16);
		out[position + 2] = (byte) (value >>> 8);
		out[position + 3] = (byte) value;
		return position + 4;
	}

	/** Modified UTF-8 with a two-byte length, as {@code DataOutputStream.writeUTF}. */
	private static int writeUtf(byte[] out, int position, String value) {
		int length = encodedLength(value);
		out[position++] = (byte) (length >>> 8);
		out[position++] = (byte) length;
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c >= 0x0001 && c <= 0x007F) {
				out[position++] = (byte) c;
			}
			else if (c > 0x07FF) {
				out[position++] = (byte) (0xE0 | ((c >> 12) & 0x0F));
				out[position++] = (byte) (0x80 | ((c >> 6) & 0x3F));
				out[position++] = (byte) (0x80 | (c & 0x3F));
			}
			else {
				out[position++] = (byte) (0xC0 | ((c >> 6) & 0x1F));
				out[position++] = (byte) (0x80 | (c & 0x3F));
			}
		}
		return position;
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

	/** Reads the encoded form in place, as {@code DataInputStream} would. */
	private static final class Reader {

		private final byte[] bytes;

		private int position;

		Reader(byte[] bytes) {
			this.bytes = bytes;
		}

		int readByte() {
			require(1);
			return this.bytes[this.position++];
		}

		int readInt() {
			require(4);
			int value = ((this.bytes[this.position] & 0xFF) << 24) | ((this.bytes[this.position + 1] & 0xFF) << 16)
					| ((this.bytes[this.position + 2] & 0xFF) << 8) | (this.bytes[this.position + 3] & 0xFF);
			this.position += 4;
			return value;
		}

		String readUtf() {
			require(2);
			int length = ((this.bytes[this.position] & 0xFF) << 8) | (this.bytes[this.position + 1] & 0xFF);
			this.position += 2;
			require(length);
			int end = this.position + length;
			char[] chars = new char[length];
			int count = 0;
			try {
				while (this.position < end) {
					int b = this.bytes[this.position] & 0xFF;
					if (b < 0x80) {
						chars[count++] = (char) b;
						this.position++;
					}
					else if ((b >> 5) == 0x06) {
						int b2 = continuation(end, 1);
						chars[count++] = (char) (((b & 0x1F) << 6) | b2);
						this.position += 2;
					}
					else if ((b >> 4) == 0x0E) {
						int b2 = continuation(end, 1);
						int b3 = continuation(end, 2);
						chars[count++] = (char) (((b & 0x0F) << 12) | (b2 << 6) | b3);
						this.position += 3;
					}
					else {
						throw new SealingException("Malformed secret fields");
					}
				}
				return new String(chars, 0, count);
			}
			finally {
				Arrays.fill(chars, '\0');
			}
		}

		private int continuation(int end, int offset) {
			if (this.position + offset >= end || (this.bytes[this.position + offset] & 0xC0) != 0x80) {
				throw new SealingException("Malformed secret fields");
			}
			return this.bytes[this.position + offset] & 0x3F;
		}

		private void require(int count) {
			if (count > this.bytes.length - this.position) {
				throw new SealingException("Malformed secret fields");
			}
		}

	}

}
