package dev.latchkey.crypto;

/**
 * Seals a credential's secret fields to the holder of one private key. Only the matching
 * {@link Opener}, given the same associated data, can open the result. The encoded
 * plaintext exists only inside this call and is zeroed before it returns, so callers
 * never hold a plaintext buffer of their own.
 */
public interface Sealer {

	byte[] seal(SecretFields secret, AssociatedData associatedData);

}
