package dev.latchkey.scanner.probe;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import dev.latchkey.catalogue.Probe;
import dev.latchkey.scanner.ScannerProperties;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Sends probes with a non-blocking {@link WebClient}: connect and response timeouts, no
 * redirects (a redirect could carry the credential elsewhere), bounded body reads. Errors
 * are mapped to answers without looking at their messages, which may contain the request
 * URI and so a credential placed in the query.
 */
@Component
class WebClientProbeTransport implements ProbeTransport {

	static final int MAX_BODY_BYTES = 64 * 1024;

	private final WebClient client;

	private final Duration timeout;

	@Autowired
	WebClientProbeTransport(ScannerProperties properties) {
		this(properties.probeTimeout());
	}

	WebClientProbeTransport(Duration timeout) {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(timeout.toMillis()))
			.responseTimeout(timeout)
			.followRedirect(false);
		this.client = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
		this.timeout = timeout;
	}

	@Override
	public Mono<ProbeAnswer> send(Probe.Request request) {
		return this.client.method(HttpMethod.valueOf(request.method()))
			.uri(request.uri())
			.headers((headers) -> request.headers().forEach(headers::set))
			.exchangeToMono((response) -> readBody(response)
				.map((body) -> (ProbeAnswer) new ProbeAnswer.Answered(response.statusCode().value(), body)))
			// Covers a platform that answers headers in time but trickles the body.
			.timeout(this.timeout.multipliedBy(2))
			.onErrorResume(
					(ex) -> Mono.just(isTimeout(ex) ? new ProbeAnswer.TimedOut() : new ProbeAnswer.Unreachable()));
	}

	private static Mono<String> readBody(ClientResponse response) {
		return DataBufferUtils
			.join(DataBufferUtils.takeUntilByteCount(response.body(BodyExtractors.toDataBuffers()), MAX_BODY_BYTES))
			.map(WebClientProbeTransport::toText)
			.defaultIfEmpty("");
	}

	private static String toText(DataBuffer buffer) {
		try {
			return buffer.toString(StandardCharsets.UTF_8);
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private static boolean isTimeout(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof TimeoutException || cause instanceof io.netty.handler.timeout.TimeoutException
					|| cause instanceof ConnectTimeoutException) {
				return true;
			}
		}
		return false;
	}

}
