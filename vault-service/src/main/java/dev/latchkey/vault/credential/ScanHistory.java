package dev.latchkey.vault.credential;

import reactor.core.publisher.Mono;

/**
 * Where every scan of an integration is kept, for its tenant to read back (implemented by
 * the assessment feature).
 */
public interface ScanHistory {

	/** Keeps nothing: for tests of the state alone. */
	ScanHistory NONE = (assessment) -> Mono.empty();

	/** Keeps the scan once per event id (a re-delivered event adds nothing). */
	Mono<Void> record(Assessment assessment);

}
