package dev.latchkey.scanner.probe;

import dev.latchkey.catalogue.Probe;
import reactor.core.publisher.Mono;

/**
 * Sends a rendered probe to its platform. The request holds the credential: an
 * implementation must neither log nor keep it, and never fails: every failure is an
 * answer.
 */
interface ProbeTransport {

	/**
	 * @param local the provider is marked local: its platform may be on a loopback or
	 * private address
	 */
	Mono<ProbeAnswer> send(Probe.Request request, boolean local);

}
