package dev.latchkey.vault.rotation;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Where key operations and their checkpoints are kept. */
interface KeyOperations {

	Mono<KeyOperation> find(String id);

	/** Stores the operation as it is now (a checkpoint). */
	Mono<KeyOperation> save(KeyOperation operation);

	Flux<KeyOperation> running();

	/** The most recent operations first. */
	Flux<KeyOperation> recent(int limit);

}
