package dev.latchkey.crypto;

/**
 * Opens what a {@link Sealer} sealed to this key, back into {@link SecretFields}; the
 * decrypted plaintext buffer is zeroed before this returns. Fails with
 * {@link SealingException} when the ciphertext was altered, sealed to another key, or
 * bound to other associated data.
 */
public interface Opener {

	SecretFields open(byte[] sealed, AssociatedData associatedData);

}
