package dev.latchkey.vaultclient;

import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.Opener;
import dev.latchkey.crypto.SecretFields;

/**
 * Opens a lease's sealed secret with the consumer's private lease key. The associated
 * data binds it to this consumer, the tenant, the integration, the version and the lease
 * id, so a lease meant for anything else does not open.
 */
public final class LeaseOpener {

	private final Opener leaseKey;

	private final String consumer;

	/**
	 * @param consumer the name the vault knows this consumer by: the one it signs its
	 * requests with
	 */
	public LeaseOpener(Opener leaseKey, String consumer) {
		this.leaseKey = leaseKey;
		this.consumer = consumer;
	}

	/** Fails with {@code SealingException} when the lease does not open. */
	public SecretFields open(Lease lease) {
		return this.leaseKey.open(lease.sealedSecret(), AssociatedData.forLease(this.consumer, lease.tenantId(),
				lease.integrationId(), lease.version(), lease.leaseId()));
	}

}
