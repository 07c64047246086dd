package dev.latchkey.collector.credential;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** A publisher that remembers every attempt and answers as told. */
class RecordingPublisher implements CredentialPublisher {

	private final List<SealedCredential> attempts = new CopyOnWriteArrayList<>();

	private volatile Mono<Void> outcome = Mono.empty();

	private volatile Sinks.Empty<Void> held = Sinks.empty();

	@Override
	public Mono<Void> publish(SealedCredential credential) {
		return Mono.defer(() -> {
			this.attempts.add(credential);
			return this.outcome;
		});
	}

	List<SealedCredential> attempts() {
		return List.copyOf(this.attempts);
	}

	SealedCredential only() {
		if (this.attempts.size() != 1) {
			throw new AssertionError("Expected one publish attempt, got " + this.attempts.size());
		}
		return this.attempts.get(0);
	}

	void acknowledges() {
		this.outcome = Mono.empty();
	}

	void fails() {
		this.outcome = Mono.error(new IllegalStateException("broker unavailable"));
	}

	void neverAnswers() {
		this.outcome = Mono.never();
	}

	/** Answers every attempt with this outcome. */
	void answers(Mono<Void> outcome) {
		this.outcome = outcome;
	}

	/** Acknowledges nothing until {@link #release()}. */
	void holds() {
		this.held = Sinks.empty();
		this.outcome = this.held.asMono();
	}

	/** Acknowledges the held attempts, and answers later ones at once. */
	void release() {
		this.outcome = Mono.empty();
		this.held.tryEmitEmpty();
	}

	void reset() {
		this.attempts.clear();
		acknowledges();
	}

}
