package dev.latchkey.admin.importer;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fernet tokens (https://github.com/fernet/spec): {@code 0x80 ‖ timestamp[8] ‖ iv[16] ‖
 * AES-128-CBC ciphertext ‖ HMAC-SHA256[32]}, URL-safe base64. The legacy
 * {@code installations} table derives the 32-byte Fernet key from {@code ENCRYPTION_KEY}
 * with PBKDF2-HMAC-SHA256 and a fixed salt ({@link #derive}). Tokens are opened without a
 * time-to-live: stored credentials do not expire by age.
 */
final class Fernet implements LegacyCipher {

	private static final byte VERSION = (byte) 0x80;

	private static final int HEADER = 1 + 8 + 16;

	private static final int MAC = 32;

	private final SecretKeySpec signing;

	private final SecretKeySpec encryption;

	/**
	 * @param key the 32 raw bytes of a Fernet key (signing key, then encryption key)
	 */
	Fernet(byte[] key) {
		if (key.length != 32) {
			throw new IllegalArgumentException("a Fernet key has 32 bytes, this one " + key.length);
		}
		this.signing = new SecretKeySpec(key, 0, 16, "HmacSHA256");
		this.encryption = new SecretKeySpec(key, 16, 16, "AES");
	}

	/**
	 * A Fernet key as Python's {@code Fernet(key)} takes it: URL-safe base64 of 32 bytes.
	 */
	static Fernet ofKey(String urlSafeBase64) {
		return new Fernet(Base64.getUrlDecoder().decode(urlSafeBase64.strip()));
	}

	/**
	 * The Fernet key PBKDF2-HMAC-SHA256 derives from a passphrase (as Python's
	 * {@code PBKDF2HMAC(SHA256(), length=32, salt, iterations).derive(passphrase.encode())}).
	 */
	static Fernet derive(String passphrase, byte[] salt, int iterations) {
		char[] chars = passphrase.toCharArray();
		PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, 256);
		try {
			byte[] key = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
			try {
				return new Fernet(key);
			}
			finally {
				Arrays.fill(key, (byte) 0);
			}
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("PBKDF2WithHmacSHA256 is part of every Java runtime", ex);
		}
		finally {
			spec.clearPassword();
			Arrays.fill(chars, '\0');
		}
	}

	@Override
	public boolean looksSealed(String stored) {
		byte[] token = decode(stored);
		return token != null && shaped(token);
	}

	@Override
	public String open(String stored, String what) throws RowFailure {
		byte[] token = decode(stored);
		if (token == null || !shaped(token)) {
			throw new RowFailure(Problem.BAD_CIPHERTEXT, what + " is not a Fernet token");
		}
		int macAt = token.length - MAC;
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.signing);
			mac.update(token, 0, macAt);
			if (!MessageDigest.isEqual(mac.doFinal(), Arrays.copyOfRange(token, macAt, token.length))) {
				throw new RowFailure(Problem.WRONG_KEY,
						what + " does not open with the legacy key (wrong key, or the token was altered)");
			}
			Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
			cipher.init(Cipher.DECRYPT_MODE, this.encryption, new IvParameterSpec(token, 9, 16));
			return new String(cipher.doFinal(token, HEADER, macAt - HEADER), StandardCharsets.UTF_8);
		}
		catch (BadPaddingException ex) {
			throw new RowFailure(Problem.BAD_CIPHERTEXT, what + " is a Fernet token with bad padding");
		}
		catch (GeneralSecurityException ex) {
			throw new RowFailure(Problem.BAD_CIPHERTEXT,
					what + " cannot be decrypted: " + ex.getClass().getSimpleName());
		}
	}

	private static boolean shaped(byte[] token) {
		int ciphertext = token.length - HEADER - MAC;
		return token.length > 0 && token[0] == VERSION && ciphertext >= 16 && ciphertext % 16 == 0;
	}

	private static byte[] decode(String stored) {
		if (stored == null) {
			return null;
		}
		try {
			return Base64.getUrlDecoder().decode(stored.strip());
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
