package dev.latchkey.vault.consumer;

import reactor.core.publisher.Mono;

/**
 * Where the internal API's authentication records what it refused. The feature that owns
 * a path records its own requests (the leases' audit records lease attempts) and ignores
 * the rest; the refusal is answered whatever this does.
 */
public interface RefusedRequests {

	Mono<Void> record(RefusedRequest request);

}
