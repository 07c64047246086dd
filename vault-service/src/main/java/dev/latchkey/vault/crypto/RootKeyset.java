package dev.latchkey.vault.crypto;

import com.google.crypto.tink.KeysetHandle;

/**
 * Where the root keyset comes from. Read again when a tenant key names a root key the
 * vault does not hold (another instance rotated the root), written when this instance
 * rotates it.
 */
interface RootKeyset {

	KeysetHandle load();

	/**
	 * Replaces the stored root keyset (atomically: a crash leaves the old or the new
	 * one).
	 * @throws UnsupportedOperationException when the keyset was given inline
	 */
	void store(KeysetHandle keyset);

	/** A root keyset given once, which cannot be rotated from here. */
	static RootKeyset fixed(KeysetHandle keyset) {
		return new RootKeyset() {

			@Override
			public KeysetHandle load() {
				return keyset;
			}

			@Override
			public void store(KeysetHandle next) {
				throw new UnsupportedOperationException(
						"The root keyset was given inline: give it as a file to rotate it from the vault");
			}

		};
	}

}
