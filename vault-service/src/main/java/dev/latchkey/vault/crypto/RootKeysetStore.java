package dev.latchkey.vault.crypto;

import java.util.concurrent.atomic.AtomicReference;

import com.google.crypto.tink.KeysetHandle;

/**
 * Where the vault's root keyset lives: a key file (or an inline value), in plaintext for
 * development or wrapped by a KMS key ({@link RootKeysetFile}). Loaded at start; loaded
 * again when a record names a root key this process does not hold (another instance
 * rotated), and stored when rotation adds a new primary key.
 */
interface RootKeysetStore {

	/**
	 * The current root keyset, read (and unwrapped by the KMS) afresh on every call.
	 * @throws dev.latchkey.crypto.SealingException naming the property to set when the
	 * keyset is missing, unreadable or not an AEAD keyset, or the KMS does not unwrap it
	 */
	KeysetHandle load();

	/**
	 * Replaces the stored root keyset in one step (wrapped by the KMS key when there is
	 * one), so a crash leaves the old keyset or the new one. Every key of the old keyset
	 * must still be in the new one: tenant keys wrapped by them have to stay readable.
	 */
	void store(KeysetHandle keyset);

	/** A root keyset held in memory only, for tests: what is stored is lost at exit. */
	static RootKeysetStore inMemory(KeysetHandle keyset) {
		AtomicReference<KeysetHandle> held = new AtomicReference<>(keyset);
		return new RootKeysetStore() {

			@Override
			public KeysetHandle load() {
				return held.get();
			}

			@Override
			public void store(KeysetHandle replacement) {
				held.set(replacement);
			}

		};
	}

}
