package dev.latchkey.collector.oauth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

class InMemoryPendingConnects implements PendingConnects {

	final Map<String, PendingConnect> saved = new ConcurrentHashMap<>();

	@Override
	public Mono<Void> save(PendingConnect pending) {
		return Mono.fromRunnable(() -> this.saved.put(pending.stateHash(), pending));
	}

	@Override
	public Mono<PendingConnect> take(String stateHash) {
		return Mono.fromSupplier(() -> this.saved.remove(stateHash));
	}

}
