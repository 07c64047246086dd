package dev.latchkey.vault.crypto;

import java.util.Map;

import dev.latchkey.crypto.AssociatedData;

/**
 * Where an envelope belongs: one version of one tenant's integration, and what is public
 * about it (provider, name, public fields), all bound into the envelope so that a record
 * moved, rolled to another version or edited does not open.
 *
 * @param provider {@code null} only for reading envelopes written before public fields
 * were bound (format 1)
 */
public record StoredVersion(String tenantId, String integrationId, long version, String provider, String name,
		Map<String, String> publicFields) {

	public StoredVersion {
		publicFields = (publicFields != null) ? Map.copyOf(publicFields) : null;
	}

	/** Without the public part: opens only envelopes of format 1. */
	public StoredVersion(String tenantId, String integrationId, long version) {
		this(tenantId, integrationId, version, null, null, null);
	}

	/** The format new envelopes of this version are written in. */
	int format() {
		return (this.provider != null) ? Envelope.BOUND : Envelope.LEGACY;
	}

	AssociatedData associatedData(int format) {
		if (format == Envelope.LEGACY) {
			return AssociatedData.forStoredVersion(this.tenantId, this.integrationId, this.version);
		}
		if (this.provider == null) {
			throw new IllegalArgumentException("An envelope of format " + format + " is bound to the public fields of "
					+ this + ", which were not given");
		}
		return AssociatedData.forStoredVersion(this.tenantId, this.integrationId, this.version, this.provider,
				this.name, this.publicFields);
	}

	@Override
	public String toString() {
		return "tenant " + this.tenantId + ", integration " + this.integrationId + ", version " + this.version;
	}

}
