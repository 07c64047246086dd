package dev.latchkey.scanner;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.HpkeSealer;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.vaultclient.Lease;
import dev.latchkey.vaultclient.Purpose;
import dev.latchkey.vaultclient.VaultRefusedException;
import dev.latchkey.vaultclient.VaultUnavailableException;

/**
 * The vault's side of the lease contract, in memory: credentials by integration, sealed
 * on each lease to the one registered consumer's public key.
 */
public final class FakeVault {

	private final String consumer;

	private final HpkeSealer sealer;

	private final Map<String, Stored> credentials = new ConcurrentHashMap<>();

	private final Set<String> broken = ConcurrentHashMap.newKeySet();

	private final Set<String> sealedToAnotherKey = ConcurrentHashMap.newKeySet();

	/** Seals to a key the consumer does not hold. */
	private final HpkeSealer strangerSealer = new HpkeSealer(Keysets.publicOf(Keysets.generate(Keysets.HPKE_TEMPLATE)));

	private final AtomicInteger failedLeases = new AtomicInteger();

	private final AtomicInteger leases = new AtomicInteger();

	private FakeVault(String consumer, KeysetHandle consumerPublicKeyset) {
		this.consumer = consumer;
		this.sealer = new HpkeSealer(consumerPublicKeyset);
	}

	/**
	 * A vault that leases to {@code consumer}, sealing to the public part of its keyset.
	 */
	public static FakeVault forConsumer(String consumer, KeysetHandle consumerPrivateKeyset) {
		return new FakeVault(consumer, Keysets.publicOf(consumerPrivateKeyset));
	}

	public FakeVault store(String tenantId, String integrationId, String provider, long version,
			Map<String, String> publicFields, Map<String, String> secretFields) {
		this.credentials.put(integrationId,
				new Stored(tenantId, provider, version, Map.copyOf(publicFields), SecretFields.of(secretFields)));
		return this;
	}

	/** Makes every lease of this integration fail as if the vault were down (503). */
	public FakeVault breakFor(String integrationId) {
		this.broken.add(integrationId);
		return this;
	}

	/** Seals this integration's leases to another key: they never open. */
	public FakeVault sealToAnotherKeyFor(String integrationId) {
		this.sealedToAnotherKey.add(integrationId);
		return this;
	}

	/** Makes leases of this integration work again. */
	public FakeVault heal(String integrationId) {
		this.broken.remove(integrationId);
		return this;
	}

	/** Lease requests refused because the vault was broken for them. */
	public int failedLeaseCount() {
		return this.failedLeases.get();
	}

	public int leaseCount() {
		return this.leases.get();
	}

	/**
	 * Leases like the real vault to an authenticated consumer: the same refusal (404) for
	 * another consumer, another purpose than scanning, an unknown integration or one of
	 * another tenant.
	 */
	public Lease lease(String consumer, String tenantId, String integrationId, Purpose purpose) {
		if (this.broken.contains(integrationId)) {
			this.failedLeases.incrementAndGet();
			throw new VaultUnavailableException("The vault answered 503 to a lease request");
		}
		Stored stored = this.credentials.get(integrationId);
		if (!this.consumer.equals(consumer) || purpose != Purpose.SCAN || stored == null
				|| !stored.tenantId().equals(tenantId)) {
			throw new VaultRefusedException(404);
		}
		this.leases.incrementAndGet();
		String leaseId = UUID.randomUUID().toString();
		HpkeSealer sealer = this.sealedToAnotherKey.contains(integrationId) ? this.strangerSealer : this.sealer;
		byte[] sealed = sealer.seal(stored.secret(),
				AssociatedData.forLease(consumer, tenantId, integrationId, stored.version(), leaseId));
		return new Lease(leaseId, tenantId, integrationId, stored.provider(), "default", stored.version(),
				stored.publicFields(), sealed);
	}

	private record Stored(String tenantId, String provider, long version, Map<String, String> publicFields,
			SecretFields secret) {
	}

}
