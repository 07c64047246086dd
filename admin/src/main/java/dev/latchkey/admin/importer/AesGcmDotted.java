package dev.latchkey.admin.importer;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM values stored as {@code iv.tag.ciphertext} (the PostgreSQL
 * {@code integrations} table's {@code encryptConfig}): three parts, each hex or base64 —
 * the IV of 12 or 16 bytes and the 16-byte tag tell which, and the ciphertext is encoded
 * like them.
 */
final class AesGcmDotted implements LegacyCipher {

	private static final Pattern HEX = Pattern.compile("(?:[0-9a-fA-F]{2})+");

	private static final int TAG_BYTES = 16;

	private final SecretKeySpec key;

	AesGcmDotted(byte[] key) {
		if (key.length != 32) {
			throw new IllegalArgumentException("an AES-256 key has 32 bytes, this one " + key.length);
		}
		this.key = new SecretKeySpec(key, "AES");
	}

	@Override
	public boolean looksSealed(String stored) {
		return parts(stored) != null;
	}

	/**
	 * Three parts, the first an IV of 12 or 16 bytes: a ciphertext, however damaged the
	 * rest.
	 */
	@Override
	public boolean claimsSealed(String stored) {
		if (stored == null) {
			return false;
		}
		String[] parts = stored.split("\\.", -1);
		if (parts.length != 3) {
			return false;
		}
		if (HEX.matcher(parts[0]).matches() && (parts[0].length() == 24 || parts[0].length() == 32)) {
			return true;
		}
		byte[] iv = base64(parts[0]);
		return iv != null && (iv.length == 12 || iv.length == 16);
	}

	@Override
	public String open(String stored, String what) throws RowFailure {
		byte[][] parts = parts(stored);
		if (parts == null) {
			throw new RowFailure(Problem.BAD_CIPHERTEXT, what + " is not an iv.tag.ciphertext value");
		}
		byte[] iv = parts[0];
		byte[] tag = parts[1];
		byte[] ciphertext = parts[2];
		byte[] sealed = new byte[ciphertext.length + tag.length];
		System.arraycopy(ciphertext, 0, sealed, 0, ciphertext.length);
		System.arraycopy(tag, 0, sealed, ciphertext.length, tag.length);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BYTES * 8, iv));
			return new String(cipher.doFinal(sealed), StandardCharsets.UTF_8);
		}
		catch (AEADBadTagException ex) {
			throw new RowFailure(Problem.WRONG_KEY,
					what + " does not open with the legacy key (wrong key, or the ciphertext was altered)");
		}
		catch (GeneralSecurityException ex) {
			throw new RowFailure(Problem.BAD_CIPHERTEXT,
					what + " cannot be decrypted: " + ex.getClass().getSimpleName());
		}
	}

	/**
	 * The decoded iv, tag and ciphertext, or {@code null} when the value has another
	 * shape.
	 */
	private static byte[][] parts(String stored) {
		if (stored == null) {
			return null;
		}
		String[] parts = stored.split("\\.", -1);
		if (parts.length != 3 || parts[2].isEmpty()) {
			return null;
		}
		if (HEX.matcher(parts[0]).matches() && HEX.matcher(parts[1]).matches() && HEX.matcher(parts[2]).matches()) {
			byte[][] hex = { HexFormat.of().parseHex(parts[0]), HexFormat.of().parseHex(parts[1]),
					HexFormat.of().parseHex(parts[2]) };
			if (shaped(hex)) {
				return hex;
			}
		}
		byte[][] base64 = { base64(parts[0]), base64(parts[1]), base64(parts[2]) };
		return (base64[0] != null && base64[1] != null && base64[2] != null && shaped(base64)) ? base64 : null;
	}

	private static boolean shaped(byte[][] parts) {
		return (parts[0].length == 12 || parts[0].length == 16) && parts[1].length == TAG_BYTES && parts[2].length > 0;
	}

	private static byte[] base64(String text) {
		try {
			return (text.indexOf('-') >= 0 || text.indexOf('_') >= 0) ? Base64.getUrlDecoder().decode(text)
					: Base64.getDecoder().decode(text);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
