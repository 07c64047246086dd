package dev.latchkey.vault.crypto;

import java.util.Arrays;
import java.util.Objects;

/**
 * A secret encrypted at rest: the ciphertext, its data key wrapped by the tenant key, and
 * the ids of the root and tenant keys in force when it was written. Nothing in it is
 * readable without the root key.
 */
public record Envelope(byte[] ciphertext, byte[] wrappedDataKey, long rootKeyId, long tenantKeyId, int format) {

	/** Bound to tenant, integration and version only (written before 0.2). */
	public static final int LEGACY = 1;

	/** Also bound to the provider, the name and the public fields. */
	public static final int BOUND = 2;

	public Envelope(byte[] ciphertext, byte[] wrappedDataKey, long rootKeyId, long tenantKeyId) {
		this(ciphertext, wrappedDataKey, rootKeyId, tenantKeyId, LEGACY);
	}

	public Envelope {
		Objects.requireNonNull(ciphertext, "ciphertext");
		Objects.requireNonNull(wrappedDataKey, "wrappedDataKey");
		ciphertext = ciphertext.clone();
		wrappedDataKey = wrappedDataKey.clone();
	}

	@Override
	public byte[] ciphertext() {
		return this.ciphertext.clone();
	}

	@Override
	public byte[] wrappedDataKey() {
		return this.wrappedDataKey.clone();
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof Envelope that && Arrays.equals(this.ciphertext, that.ciphertext)
				&& Arrays.equals(this.wrappedDataKey, that.wrappedDataKey) && this.rootKeyId == that.rootKeyId
				&& this.tenantKeyId == that.tenantKeyId && this.format == that.format;
	}

	@Override
	public int hashCode() {
		return Objects.hash(Arrays.hashCode(this.ciphertext), Arrays.hashCode(this.wrappedDataKey), this.rootKeyId,
				this.tenantKeyId, this.format);
	}

	@Override
	public String toString() {
		return "Envelope[" + this.ciphertext.length + " bytes, root key " + this.rootKeyId + ", tenant key "
				+ this.tenantKeyId + ", format " + this.format + "]";
	}

}
