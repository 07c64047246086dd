package dev.latchkey.crypto;

/**
 * Seals bytes to the holder of one private key. Only the matching {@link Opener}, given
 * the same associated data, can open the result.
 */
public interface Sealer {

	byte[] seal(byte[] plaintext, AssociatedData associatedData);

}
