package dev.latchkey.crypto;

/**
 * Opens what a {@link Sealer} sealed to this key. Fails with {@link SealingException}
 * when the ciphertext was altered, sealed to another key, or bound to other associated
 * data.
 */
public interface Opener {

	byte[] open(byte[] ciphertext, AssociatedData associatedData);

}
