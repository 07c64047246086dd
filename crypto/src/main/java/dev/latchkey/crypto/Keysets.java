package dev.latchkey.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.UUID;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyTemplates;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.hybrid.HybridConfig;
import com.google.crypto.tink.signature.SignatureConfig;

/**
 * Reads, generates and writes Tink keysets. Private keysets are read from cleartext JSON
 * (a development key file or an environment value) or from Tink's encrypted keyset JSON,
 * wrapped by a key-encryption key that stays in a KMS ({@link KmsKeys}).
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
			if (isWrapped(json)) {
				throw new SealingException(what + " holds a keyset wrapped by a KMS key: name that key to open it", ex);
			}
			throw new SealingException(what + " is not a valid Tink keyset", ex);
		}
	}

	/**
	 * Loads a keyset stored in Tink's encrypted keyset JSON, wrapped by a key-encryption
	 * key (usually a KMS key, {@link KmsKeys}), from an inline value or file. The key
	 * material is decrypted here, in memory; only the wrapped form is ever stored.
	 * @param associatedData what the keyset was wrapped with
	 */
	public static KeysetHandle loadWrapped(String what, String inline, Path file, Aead keyEncryptionKey,
			AssociatedData associatedData) {
		String json = read(what, inline, file);
		if (!isWrapped(json)) {
			throw new SealingException(what + (json.contains("\"keyData\"")
					? " holds a plaintext keyset, not one wrapped by the KMS key: wrap it first"
					: " is not a KMS-wrapped Tink keyset"));
		}
		try {
			return TinkJsonProtoKeysetFormat.parseEncryptedKeyset(json, keyEncryptionKey, associatedData.bytes());
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new SealingException(what + " cannot be unwrapped by its KMS key (" + KmsKeys.causes(ex)
					+ "): is the KMS reachable, may these credentials decrypt with that key, and was the keyset"
					+ " wrapped by that key?", ex);
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

	/**
	 * Tink's encrypted keyset JSON: the keyset encrypted by a key-encryption key (usually
	 * a KMS key) with the given associated data, plus the ids and types of its keys in
	 * the clear (no key material).
	 */
	public static String toWrappedJson(KeysetHandle keyset, Aead keyEncryptionKey, AssociatedData associatedData) {
		try {
			return TinkJsonProtoKeysetFormat.serializeEncryptedKeyset(keyset, keyEncryptionKey, associatedData.bytes());
		}
		catch (GeneralSecurityException | RuntimeException ex) {
			throw new SealingException("Cannot wrap the keyset with its KMS key: " + KmsKeys.causes(ex), ex);
		}
	}

	/**
	 * Replaces a keyset file in one step, so that a crash leaves either the old keyset or
	 * the new one, never half a file: written to a temporary file beside it (owner read
	 * and write only, where the file system has POSIX permissions), forced to disk, then
	 * renamed over it.
	 */
	public static void write(Path file, String json) throws IOException {
		Path target = file.toAbsolutePath();
		Path temporary = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
		try {
			Files.createFile(temporary);
			try {
				Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// Not a POSIX file system: the directory's own permissions apply.
			}
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
				ByteBuffer bytes = ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8));
				while (bytes.hasRemaining()) {
					channel.write(bytes);
				}
				channel.force(true);
			}
			Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			forceDirectory(target.getParent());
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	/** The rename is durable only once the directory is on disk too (Linux). */
	private static void forceDirectory(Path directory) {
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException ex) {
			// Some platforms cannot open a directory; the rename itself was atomic.
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

	private static boolean isWrapped(String json) {
		return json.contains("\"encryptedKeyset\"");
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
