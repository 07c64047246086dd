package dev.latchkey.collector.oauth.connect;

import reactor.core.publisher.Mono;

/** Reports a connect that produced no tokens, with a reason code. */
interface ConnectFailures {

	Mono<Void> publish(PendingConnect connect, String integrationId, String reason);

}
