package dev.latchkey.collector.oauth.connect;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

class InMemoryPendingConnects implements PendingConnects {

	final Map<String, PendingConnect> saved = new ConcurrentHashMap<>();

	@Override
	public Mono<Void> save(PendingConnect pending) {
		return Mono.fromRunnable(() -> this.saved.put(pending.stateHash(), pending));
	}

	@Override
	public synchronized Mono<PendingConnect> take(String stateHash, String provider, String browserHash) {
		return Mono.fromSupplier(() -> {
			PendingConnect connect = this.saved.get(stateHash);
			if (connect == null || !connect.provider().equals(provider)
					|| !Objects.equals(connect.browserHash(), browserHash)) {
				return null;
			}
			return this.saved.remove(stateHash);
		});
	}

	@Override
	public Mono<PendingConnect> find(String stateHash) {
		return Mono.fromSupplier(() -> this.saved.get(stateHash));
	}

}
