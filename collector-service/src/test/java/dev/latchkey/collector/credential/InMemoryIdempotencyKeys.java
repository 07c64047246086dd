package dev.latchkey.collector.credential;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

import org.springframework.dao.DataAccessResourceFailureException;

/** Idempotency records in a map, with the same compare-and-set as MongoDB's. */
class InMemoryIdempotencyKeys implements IdempotencyKeys {

	private final Map<String, IdempotencyRecord> records = new ConcurrentHashMap<>();

	private volatile Mono<Boolean> outage;

	@Override
	public Mono<Boolean> create(IdempotencyRecord created) {
		return Mono.defer(() -> (this.outage != null) ? this.outage
				: Mono.just(this.records.putIfAbsent(created.id(), created) == null));
	}

	@Override
	public Mono<IdempotencyRecord> find(String id) {
		return Mono.defer(
				() -> (this.outage != null) ? this.outage.then(Mono.empty()) : Mono.justOrEmpty(this.records.get(id)));
	}

	@Override
	public Mono<Boolean> replace(IdempotencyRecord replacement, long expectedVersion) {
		return Mono.defer(() -> {
			if (this.outage != null) {
				return this.outage;
			}
			boolean[] replaced = { false };
			this.records.computeIfPresent(replacement.id(), (id, current) -> {
				replaced[0] = current.version() == expectedVersion;
				return replaced[0] ? replacement : current;
			});
			return Mono.just(replaced[0]);
		});
	}

	/** Every call fails, as when MongoDB is unreachable. */
	void unreachable() {
		this.outage = Mono.error(new DataAccessResourceFailureException("MongoDB unreachable"));
	}

	/** Every call hangs, as when MongoDB does not answer. */
	void hangs() {
		this.outage = Mono.never();
	}

	void reachable() {
		this.outage = null;
	}

	/** The only record, or a failed assertion. */
	IdempotencyRecord only() {
		if (this.records.size() != 1) {
			throw new AssertionError("Expected one idempotency record, got " + this.records.size());
		}
		return this.records.values().iterator().next();
	}

	Map<String, IdempotencyRecord> records() {
		return Map.copyOf(this.records);
	}

	void clear() {
		this.records.clear();
		reachable();
	}

}
