package dev.latchkey.scanner.scan;

import reactor.core.publisher.Mono;

/** The assessments made so far, one per (integration, version). */
interface Assessments {

	Mono<Assessment> find(String integrationId, long version);

	/**
	 * Records an assessment unless one exists for its integration and version.
	 * @return the recorded assessment: the given one, or the one recorded before
	 */
	Mono<Assessment> record(Assessment assessment);

}
