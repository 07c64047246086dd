package dev.latchkey.vault.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.SealingException;

/**
 * The root keyset in a key file or an inline value: plaintext (development, the embedded
 * default), or Tink's encrypted keyset JSON wrapped by a KMS key with
 * {@link AssociatedData#forRootKeyset()}, so that the vault's disk and environment hold
 * no root key material. Only a file can be stored to.
 */
final class RootKeysetFile implements RootKeysetStore {

	private final String what;

	private final String inline;

	private final Path file;

	/** The KMS key that wraps the keyset; {@code null} for a plaintext keyset. */
	private final Aead kmsKey;

	private RootKeysetFile(String what, String inline, Path file, Aead kmsKey) {
		this.what = what;
		this.inline = inline;
		this.file = file;
		this.kmsKey = kmsKey;
	}

	/** A cleartext keyset: for development and the embedded default. */
	static RootKeysetFile plaintext(String what, String inline, Path file) {
		return new RootKeysetFile(what, inline, file, null);
	}

	/** A keyset wrapped by {@code kmsKey}, which decrypts it on every load. */
	static RootKeysetFile wrapped(String what, String inline, Path file, Aead kmsKey) {
		return new RootKeysetFile(what, inline, file, kmsKey);
	}

	@Override
	public KeysetHandle load() {
		KeysetHandle keyset = (this.kmsKey != null)
				? Keysets.loadWrapped(this.what, this.inline, this.file, this.kmsKey, AssociatedData.forRootKeyset())
				: Keysets.loadSecret(this.what, this.inline, this.file);
		requireAead(keyset);
		return keyset;
	}

	@Override
	public void store(KeysetHandle keyset) {
		requireAead(keyset);
		if (this.inline != null && !this.inline.isBlank() || this.file == null) {
			throw new SealingException(this.what
					+ " is given inline, so a new root keyset cannot be written back: give the root keyset as a file");
		}
		String json = (this.kmsKey != null) ? Keysets.toWrappedJson(keyset, this.kmsKey, AssociatedData.forRootKeyset())
				: Keysets.toSecretJson(keyset);
		try {
			Keysets.write(this.file, json);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the root keyset to " + this.file, ex);
		}
	}

	private void requireAead(KeysetHandle keyset) {
		try {
			keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException(this.what + " must be an AEAD keyset", ex);
		}
	}

}
