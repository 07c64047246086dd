package dev.latchkey.admin;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.concurrent.Callable;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.KmsKeys;
import dev.latchkey.crypto.SealingException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code keys wrap-root}: the vault's root keyset, wrapped by a KMS key, for
 * {@code latchkey.vault.keys.root-keyset-file} with
 * {@code latchkey.vault.keys.root-kms-key-uri}. The result is unwrapped again before it
 * is written, so a file that the KMS cannot open is never left behind.
 */
@Command(name = "wrap-root", mixinStandardHelpOptions = true,
		description = {
				"Writes the vault's root keyset wrapped by a KMS key (Tink's encrypted keyset JSON, "
						+ "associated data latchkey/v1/root-keyset), from a plaintext keyset or a new one.",
				"Needs encrypt and decrypt on the key: the result is unwrapped once more to check it." })
final class WrapRootKeyset implements Callable<Integer> {

	@Spec
	CommandSpec spec;

	@Option(names = "--kms-uri", required = true, paramLabel = "URI",
			description = "The KMS key: aws-kms://arn:aws:kms:<region>:<account>:key/<id> or "
					+ "gcp-kms://projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>")
	String kmsUri;

	@Option(names = "--kms-credentials", paramLabel = "FILE",
			description = "AWS: a properties file with accessKey and secretKey; Google Cloud: a service account "
					+ "key (JSON). Default: the cloud SDK's default credentials")
	Path kmsCredentials;

	@ArgGroup(exclusive = true, multiplicity = "1")
	Source source;

	@Option(names = "--out", required = true, paramLabel = "FILE",
			description = "Where to write the wrapped keyset (owner read and write only)")
	Path out;

	@Option(names = "--force", description = "Replace --out if it exists (its root keyset is then gone)")
	boolean force;

	static class Source {

		@Option(names = "--in", required = true, paramLabel = "FILE",
				description = "The plaintext root keyset to wrap (Tink JSON, as the vault's root-keyset-file)")
		Path in;

		@Option(names = "--generate", required = true,
				description = "Wrap a new AES256_GCM root keyset instead, for a vault that holds no credentials yet")
		boolean generate;

	}

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		if (Files.exists(this.out) && !this.force) {
			err.println("wrap-root: " + this.out + " exists; a root keyset is not replaced unless --force is given");
			return 2;
		}
		try {
			Aead kmsKey = KmsKeys.aead("--kms-uri", this.kmsUri, this.kmsCredentials);
			KeysetHandle keyset = (this.source.in != null) ? Keysets.loadSecret("--in", null, this.source.in)
					: Keysets.generate(Keysets.AEAD_TEMPLATE);
			requireAead(keyset);
			String wrapped = Keysets.toWrappedJson(keyset, kmsKey, AssociatedData.forRootKeyset());
			KeysetHandle unwrapped = Keysets.loadWrapped("The wrapped keyset", wrapped, null, kmsKey,
					AssociatedData.forRootKeyset());
			if (!unwrapped.equalsKeyset(keyset)) {
				throw new SealingException("The KMS key unwrapped another keyset than it wrapped; nothing written");
			}
			Keysets.write(this.out, wrapped);
			out.println("Wrote " + this.out + ": a root keyset of " + keyset.size() + " key(s), primary key id "
					+ Integer.toUnsignedLong(keyset.getPrimary().getId()) + ", wrapped by " + this.kmsUri.strip());
			out.println("Start the vault with LATCHKEY_VAULT_KEYS_ROOT_KMS_KEY_URI=" + this.kmsUri.strip()
					+ " and LATCHKEY_VAULT_KEYS_ROOT_KEYSET_FILE=" + this.out);
			if (this.source.in != null) {
				out.println("The plaintext keyset " + this.source.in + " still holds the root key: once the vault "
						+ "runs on the wrapped one, destroy it (shred -u) or keep it only in an offline backup.");
			}
			return 0;
		}
		catch (SealingException ex) {
			err.println("wrap-root: " + ex.getMessage());
			return 1;
		}
		catch (IOException ex) {
			err.println("wrap-root: cannot write " + this.out + ": " + ex.getMessage());
			return 1;
		}
	}

	private static void requireAead(KeysetHandle keyset) {
		try {
			keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException("--in must be an AEAD keyset (the vault's root keyset is AES256_GCM)", ex);
		}
	}

}
