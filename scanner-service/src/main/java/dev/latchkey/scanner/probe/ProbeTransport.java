package dev.latchkey.scanner.probe;

import java.time.Instant;

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
	default Mono<ProbeAnswer> send(Probe.Request request, boolean local) {
		return send(request, local, null);
	}

	/**
	 * @param sendBy when not {@code null}, the request is not sent (answer
	 * {@link ProbeAnswer.Late}) unless it leaves by then: checked at the last moment
	 * before its bytes are written, once the connection is ready
	 */
	Mono<ProbeAnswer> send(Probe.Request request, boolean local, Instant sendBy);

}
