package dev.latchkey.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.crypto.Keysets;

/**
 * Development keys of the embedded default, generated on first start into
 * {@code <home>/keys} (never committed) and reused afterwards, so that stored credentials
 * stay readable across restarts.
 */
final class DevKeys {

	final Path dir;

	final Path vaultRoot;

	final Path vaultSubmissionPrivate;

	final Path vaultSubmissionPublic;

	final Path scannerLeasePrivate;

	final Path scannerLeasePublic;

	/**
	 * The collector's lease key pair: it leases refresh tokens to refresh OAuth tokens.
	 */
	final Path collectorLeasePrivate;

	final Path collectorLeasePublic;

	/**
	 * The consumers' signing key pairs (Ed25519): each signs its requests to the vault's
	 * internal API, the vault verifies them with the public half.
	 */
	final Path scannerSigningPrivate;

	final Path scannerSigningPublic;

	final Path collectorSigningPrivate;

	final Path collectorSigningPublic;

	/** The operator's: the admin jar signs key operations with it. */
	final Path operatorSigningPrivate;

	final Path operatorSigningPublic;

	final String jwtSecret;

	private DevKeys(Path dir) {
		this.dir = dir;
		this.vaultRoot = dir.resolve("vault-root.json");
		this.vaultSubmissionPrivate = dir.resolve("vault-submission-private.json");
		this.vaultSubmissionPublic = dir.resolve("vault-submission-public.json");
		this.scannerLeasePrivate = dir.resolve("scanner-lease-private.json");
		this.scannerLeasePublic = dir.resolve("scanner-lease-public.json");
		this.collectorLeasePrivate = dir.resolve("collector-lease-private.json");
		this.collectorLeasePublic = dir.resolve("collector-lease-public.json");
		this.scannerSigningPrivate = dir.resolve("scanner-signing-private.json");
		this.scannerSigningPublic = dir.resolve("scanner-signing-public.json");
		this.collectorSigningPrivate = dir.resolve("collector-signing-private.json");
		this.collectorSigningPublic = dir.resolve("collector-signing-public.json");
		this.operatorSigningPrivate = dir.resolve("operator-signing-private.json");
		this.operatorSigningPublic = dir.resolve("operator-signing-public.json");
		this.jwtSecret = readOrCreateJwtSecret(dir.resolve("jwt-hmac-secret.txt"));
	}

	static DevKeys loadOrGenerate(Path dir) {
		try {
			Files.createDirectories(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		DevKeys keys = new DevKeys(dir);
		if (!Files.exists(keys.vaultRoot)) {
			write(keys.vaultRoot, Keysets.toSecretJson(Keysets.generate(Keysets.AEAD_TEMPLATE)));
		}
		if (!Files.exists(keys.vaultSubmissionPrivate)) {
			writePair(keys.vaultSubmissionPrivate, keys.vaultSubmissionPublic);
		}
		if (!Files.exists(keys.scannerLeasePrivate)) {
			writePair(keys.scannerLeasePrivate, keys.scannerLeasePublic);
		}
		if (!Files.exists(keys.collectorLeasePrivate)) {
			writePair(keys.collectorLeasePrivate, keys.collectorLeasePublic);
		}
		// Each pair on its own: a data directory from before signing keys gets them
		// added.
		if (!Files.exists(keys.scannerSigningPrivate)) {
			writePair(keys.scannerSigningPrivate, keys.scannerSigningPublic, Keysets.SIGNATURE_TEMPLATE);
		}
		if (!Files.exists(keys.collectorSigningPrivate)) {
			writePair(keys.collectorSigningPrivate, keys.collectorSigningPublic, Keysets.SIGNATURE_TEMPLATE);
		}
		if (!Files.exists(keys.operatorSigningPrivate)) {
			writePair(keys.operatorSigningPrivate, keys.operatorSigningPublic, Keysets.SIGNATURE_TEMPLATE);
		}
		return keys;
	}

	private static void writePair(Path privateFile, Path publicFile) {
		writePair(privateFile, publicFile, Keysets.HPKE_TEMPLATE);
	}

	private static void writePair(Path privateFile, Path publicFile, String template) {
		KeysetHandle keyset = Keysets.generate(template);
		write(privateFile, Keysets.toSecretJson(keyset));
		write(publicFile, Keysets.toPublicJson(Keysets.publicOf(keyset)));
	}

	private static String readOrCreateJwtSecret(Path file) {
		try {
			if (Files.exists(file)) {
				return Files.readString(file).strip();
			}
			byte[] random = new byte[32];
			new SecureRandom().nextBytes(random);
			String secret = HexFormat.of().formatHex(random);
			write(file, secret);
			return secret;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void write(Path file, String content) {
		try {
			Files.writeString(file, content);
			Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (UnsupportedOperationException ex) {
			// Not a POSIX file system: the file stays with the default permissions.
		}
	}

}
