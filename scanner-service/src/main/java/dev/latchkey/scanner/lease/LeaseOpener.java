package dev.latchkey.scanner.lease;

import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.Opener;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.scanner.ScannerProperties;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Opens a lease's sealed secret with the scanner's lease key. The associated data binds
 * it to this consumer, the tenant, the integration, the version and the lease id, so a
 * lease meant for anything else does not open.
 */
@Component
public class LeaseOpener {

	private final Opener opener;

	private final String consumer;

	@Autowired
	LeaseOpener(Opener leaseKey, ScannerProperties properties) {
		this(leaseKey, properties.consumerName());
	}

	public LeaseOpener(Opener opener, String consumer) {
		this.opener = opener;
		this.consumer = consumer;
	}

	public SecretFields open(Lease lease) {
		return this.opener.open(lease.sealedSecret(), AssociatedData.forLease(this.consumer, lease.tenantId(),
				lease.integrationId(), lease.version(), lease.leaseId()));
	}

}
