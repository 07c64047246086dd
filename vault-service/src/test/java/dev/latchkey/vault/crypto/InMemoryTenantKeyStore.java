package dev.latchkey.vault.crypto;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Flux;
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

	@Override
	public Mono<Boolean> replace(TenantKeyRecord current, TenantKeyRecord next) {
		return Mono.fromSupplier(() -> {
			boolean[] replaced = new boolean[1];
			this.keys.computeIfPresent(current.tenantId(), (id, stored) -> {
				replaced[0] = !stored.isDestroyed() && stored.rootKeyId() == current.rootKeyId()
						&& stored.tenantKeyId() == current.tenantKeyId();
				return replaced[0] ? next : stored;
			});
			return replaced[0];
		});
	}

	@Override
	public Flux<String> notWrappedBy(long rootKeyId, String afterTenantId, int limit) {
		return Flux.fromStream(() -> this.keys.values()
			.stream()
			.filter((k) -> !k.isDestroyed() && k.rootKeyId() != rootKeyId)
			.map(TenantKeyRecord::tenantId)
			.filter((id) -> afterTenantId == null || id.compareTo(afterTenantId) > 0)
			.sorted()
			.limit(limit));
	}

	@Override
	public Mono<Long> countNotWrappedBy(long rootKeyId) {
		return Mono.fromSupplier(() -> this.keys.values()
			.stream()
			.filter((k) -> !k.isDestroyed() && k.rootKeyId() != rootKeyId)
			.count());
	}

	@Override
	public Mono<Boolean> destroy(String tenantId, Instant at) {
		return Mono.fromSupplier(() -> {
			TenantKeyRecord destroyed = new TenantKeyRecord(tenantId, new byte[0], 0, 0, at);
			TenantKeyRecord before = this.keys.put(tenantId, destroyed);
			return before == null || !before.isDestroyed();
		});
	}

}
