package dev.latchkey.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyTemplates;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.hybrid.HybridConfig;
import com.google.crypto.tink.signature.SignatureConfig;

/**
 * Reads, generates and writes Tink keysets. Private keysets are read from cleartext JSON
 * here (a development key file or an environment value); a KMS-wrapped source can replace
 * this without touching callers.
 */
public final class Keysets {

	/** HPKE: X25519 KEM, HKDF-SHA256, AES-256-GCM. */
	public static final String HPKE_TEMPLATE = "DHKEM_X25519_HKDF_SHA256_HKDF_SHA256_AES_256_GCM";

	public static final String AEAD_TEMPLATE = "AES256_GCM";

	/** Signatures of requests to the vault's internal API. */
	public static final String SIGNATURE_TEMPLATE = "ED25519";

	static {
		try {
			HybridConfig.register();
			AeadConfig.register();
			SignatureConfig.register();
		}
		catch (GeneralSecurityException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private Keysets() {
	}

	/**
	 * Loads a keyset holding secret key material from an inline value (JSON or base64 of
	 * JSON) if present, else from the file.
	 * @param what a name for error messages, e.g. {@code latchkey.vault.root-keyset}
	 */
	public static KeysetHandle loadSecret(String what, String inline, Path file) {
		String json = read(what, inline, file);
		try {
			return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException(what + " is not a valid Tink keyset", ex);
		}
	}

	/** Loads a public keyset (no secret key material) from an inline value or file. */
	public static KeysetHandle loadPublic(String what, String inline, Path file) {
		String json = read(what, inline, file);
		try {
			return TinkJsonProtoKeysetFormat.parseKeysetWithoutSecret(json);
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException(what + " is not a valid public Tink keyset", ex);
		}
	}

	public static KeysetHandle generate(String template) {
		try {
			return KeysetHandle.generateNew(KeyTemplates.get(template));
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException("Cannot generate a " + template + " keyset", ex);
		}
	}

	public static KeysetHandle publicOf(KeysetHandle privateKeyset) {
		try {
			return privateKeyset.getPublicKeysetHandle();
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException("Keyset has no public part", ex);
		}
	}

	/** Cleartext JSON with the secret key material: for development key files only. */
	public static String toSecretJson(KeysetHandle keyset) {
		try {
			return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException("Cannot serialize keyset", ex);
		}
	}

	public static String toPublicJson(KeysetHandle publicKeyset) {
		try {
			return TinkJsonProtoKeysetFormat.serializeKeysetWithoutSecret(publicKeyset);
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException("Cannot serialize public keyset", ex);
		}
	}

	private static String read(String what, String inline, Path file) {
		if (inline != null && !inline.isBlank()) {
			String value = inline.strip();
			return value.startsWith("{") ? value : new String(Base64.getDecoder().decode(value));
		}
		if (file == null) {
			throw new SealingException(what + " is not configured: set the key file path or the inline keyset");
		}
		if (!Files.isReadable(file)) {
			throw new SealingException(what + " file " + file + " does not exist or is not readable");
		}
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(what + " file " + file + " cannot be read", ex);
		}
	}

}
