package dev.latchkey.vault.crypto;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;

/** Tenant keys in a map; can pretend not to see a key, as a concurrent creator would. */
class InMemoryTenantKeyStore implements TenantKeyStore {

	final Map<String, TenantKeyRecord> keys = new ConcurrentHashMap<>();

	final AtomicInteger creations = new AtomicInteger();

	private final AtomicInteger blindReads = new AtomicInteger();

	/** The next {@code count} reads find nothing, whatever is stored. */
	void missNextReads(int count) {
		this.blindReads.set(count);
	}

	@Override
	public Mono<TenantKeyRecord> find(String tenantId) {
		return Mono.fromSupplier(() -> (this.blindReads.getAndDecrement() > 0) ? null : this.keys.get(tenantId));
	}

	@Override
	public Mono<TenantKeyRecord> createOrGet(TenantKeyRecord candidate) {
		return Mono.fromSupplier(() -> {
			TenantKeyRecord existing = this.keys.putIfAbsent(candidate.tenantId(), candidate);
			if (existing == null) {
				this.creations.incrementAndGet();
				return candidate;
			}
			return existing;
		});
	}

}
