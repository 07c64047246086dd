package dev.latchkey.vault.credential;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import reactor.core.publisher.Mono;

/** Remembers what was published; can be made to fail like an unreachable broker. */
class RecordingStatusPublisher implements StatusPublisher {

	final List<Credential> published = new CopyOnWriteArrayList<>();

	/** The integrations a tombstone was published for, in order. */
	final List<String> removed = new CopyOnWriteArrayList<>();

	private volatile boolean failing;

	void failing(boolean failing) {
		this.failing = failing;
	}

	@Override
	public Mono<Void> publish(Credential credential) {
		return Mono.defer(() -> {
			if (this.failing) {
				return Mono.error(new IllegalStateException("broker unreachable"));
			}
			this.published.add(credential);
			return Mono.empty();
		});
	}

	@Override
	public Mono<Void> remove(Credential credential) {
		return Mono.defer(() -> {
			if (this.failing) {
				return Mono.error(new IllegalStateException("broker unreachable"));
			}
			this.removed.add(credential.integrationId());
			return Mono.empty();
		});
	}

	Credential last() {
		return this.published.get(this.published.size() - 1);
	}

}
