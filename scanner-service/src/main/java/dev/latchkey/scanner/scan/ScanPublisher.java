package dev.latchkey.scanner.scan;

import reactor.core.publisher.Mono;

/** Reports assessments to the rest of Latchkey. */
interface ScanPublisher {

	/** Completes once the broker has acknowledged the report. */
	Mono<Void> publish(Assessment assessment);

}
