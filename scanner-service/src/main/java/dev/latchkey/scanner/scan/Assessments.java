package dev.latchkey.scanner.scan;

import reactor.core.publisher.Mono;

/** The assessments made so far, one per claim of an integration. */
interface Assessments {

	/**
	 * Records an assessment unless one exists with its id (integration and claim).
	 * @return the recorded assessment: the given one, or the one recorded before
	 */
	Mono<Assessment> record(Assessment assessment);

}
