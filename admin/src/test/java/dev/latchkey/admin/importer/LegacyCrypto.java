package dev.latchkey.admin.importer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import com.macasaet.fernet.Key;
import com.macasaet.fernet.Token;

/**
 * The legacy stores' encryption, done as the legacy applications do it, to make test
 * fixtures: AES-256-GCM {@code iv.tag.ciphertext} (Node's crypto), AES-256-GCM base64(iv
 * ‖ tag ‖ ciphertext) (pycryptodome), and Fernet through the fernet-java8 library with
 * the PBKDF2 derivation of the {@code installations} table.
 */
final class LegacyCrypto {

	private static final SecureRandom random = new SecureRandom();

	private LegacyCrypto() {
	}

	/** A new 32-byte key, base64 (as {@code openssl rand -base64 32} prints it). */
	static String newKey() {
		byte[] key = new byte[32];
		random.nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

	static String dotted(String base64Key, String plaintext, boolean hex, int ivBytes) {
		byte[][] sealed = gcm(base64Key, plaintext, ivBytes);
		if (hex) {
			HexFormat format = HexFormat.of();
			return format.formatHex(sealed[0]) + "." + format.formatHex(sealed[1]) + "." + format.formatHex(sealed[2]);
		}
		Base64.Encoder format = Base64.getEncoder();
		return format.encodeToString(sealed[0]) + "." + format.encodeToString(sealed[1]) + "."
				+ format.encodeToString(sealed[2]);
	}

	static String packed(String base64Key, String plaintext) {
		byte[][] sealed = gcm(base64Key, plaintext, 12);
		ByteBuffer packed = ByteBuffer.allocate(sealed[0].length + sealed[1].length + sealed[2].length);
		packed.put(sealed[0]).put(sealed[1]).put(sealed[2]);
		return Base64.getEncoder().encodeToString(packed.array());
	}

	/** iv, tag, ciphertext. */
	private static byte[][] gcm(String base64Key, String plaintext, int ivBytes) {
		try {
			byte[] iv = new byte[ivBytes];
			random.nextBytes(iv);
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(base64Key), "AES"),
					new GCMParameterSpec(128, iv));
			byte[] out = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
			byte[] ciphertext = java.util.Arrays.copyOfRange(out, 0, out.length - 16);
			byte[] tag = java.util.Arrays.copyOfRange(out, out.length - 16, out.length);
			return new byte[][] { iv, tag, ciphertext };
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A Fernet token as the installations table stores it. */
	static String fernet(String passphrase, String salt, int iterations, String plaintext) {
		return Token.generate(new Key(pbkdf2(passphrase, salt, iterations)), plaintext).serialise();
	}

	static byte[] pbkdf2(String passphrase, String salt, int iterations) {
		try {
			return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
				.generateSecret(new PBEKeySpec(passphrase.toCharArray(), salt.getBytes(StandardCharsets.UTF_8),
						iterations, 256))
				.getEncoded();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
