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
	 * Sends the request unless the egress guard refuses its destination
	 * ({@link #refusal}, then {@link #sendChecked}).
	 * @param sendBy when not {@code null}, the request is not sent (answer
	 * {@link ProbeAnswer.Late}) unless it leaves by then: checked at the last moment
	 * before its bytes are written, once the connection is ready
	 */
	default Mono<ProbeAnswer> send(Probe.Request request, boolean local, Instant sendBy) {
		return refusal(request, local).switchIfEmpty(Mono.defer(() -> sendChecked(request, local, sendBy)));
	}

	/**
	 * The egress guard's verdict on the request's destination, asked before any platform
	 * permit is taken, so that a request that has its slot goes straight out.
	 * @return a {@link ProbeAnswer.Refused}, or empty when the request may go
	 */
	Mono<ProbeAnswer> refusal(Probe.Request request, boolean local);

	/**
	 * Sends a request whose destination {@link #refusal} let pass. The connection's own
	 * name resolution still goes through the guard (a refusal there is
	 * {@link ProbeAnswer.Refused}); what this skips is only the early answer.
	 * @param sendBy as for {@link #send(Probe.Request, boolean, Instant)}
	 */
	Mono<ProbeAnswer> sendChecked(Probe.Request request, boolean local, Instant sendBy);

}
