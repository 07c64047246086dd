package dev.latchkey.scanner.probe;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import dev.latchkey.catalogue.Probe;
import dev.latchkey.scanner.ScannerProperties;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.resolver.AddressResolver;
import io.netty.resolver.AddressResolverGroup;
import io.netty.resolver.InetNameResolver;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Promise;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Sends probes with a non-blocking {@link WebClient}: connect and response timeouts, no
 * redirects (a redirect could carry the credential elsewhere), bounded body reads, and
 * name resolution through the {@link EgressGuard} (Netty connects to the address the
 * guard checked; non-local providers get a client that refuses anything but public
 * addresses). Errors are mapped to answers without looking at their messages, which may
 * contain the request URI and so a credential placed in the query.
 * <p>
 * A probe with a send-by time (its rate slot's) is checked against it in Netty's last
 * hook before the request's bytes are written, once the connection (pooled, or just
 * opened) is ready: whatever held it up until then — a stalled thread, the event loop,
 * connecting — it leaves in time or not at all.
 */
@Component
class WebClientProbeTransport implements ProbeTransport {

	static final int MAX_BODY_BYTES = 64 * 1024;

	private static final String SEND_BY = WebClientProbeTransport.class.getName() + ".sendBy";

	private final WebClient strict;

	private final WebClient local;

	private final Duration timeout;

	private final EgressGuard guard;

	private final Clock clock;

	@Autowired
	WebClientProbeTransport(ScannerProperties properties, HostResolver resolver, Clock clock) {
		this(properties.probeTimeout(), resolver, clock);
	}

	WebClientProbeTransport(Duration timeout) {
		this(timeout, HostResolver.SYSTEM, Clock.systemUTC());
	}

	WebClientProbeTransport(Duration timeout, HostResolver resolver) {
		this(timeout, resolver, Clock.systemUTC());
	}

	WebClientProbeTransport(Duration timeout, HostResolver resolver, Clock clock) {
		EgressGuard guard = new EgressGuard(resolver);
		this.guard = guard;
		this.clock = clock;
		this.strict = client(timeout, new WebClientGuardedResolverGroup(guard, false));
		this.local = client(timeout, new WebClientGuardedResolverGroup(guard, true));
		this.timeout = timeout;
	}

	private WebClient client(Duration timeout, AddressResolverGroup<InetSocketAddress> resolver) {
		HttpClient http = HttpClient.create()
			.resolver(resolver)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(timeout.toMillis()))
			.responseTimeout(timeout)
			.followRedirect(false)
			// On the event loop, right before the request is written: throwing here
			// fails the request unsent.
			.doOnRequest((request, connection) -> {
				Instant sendBy = request.currentContextView().getOrDefault(SEND_BY, null);
				if (sendBy != null && this.clock.instant().isAfter(sendBy)) {
					throw new LateException();
				}
			});
		return WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
	}

	@Override
	public Mono<ProbeAnswer> refusal(Probe.Request request, boolean local) {
		// Here, so that a refusal is an answer at once and nothing reaches Netty; Netty's
		// own resolution goes through the guard again, so whatever it connects to was
		// checked too.
		return Mono.fromCallable(() -> this.guard.check(request.uri().getHost(), local))
			.subscribeOn(Schedulers.boundedElastic())
			.then(Mono.<ProbeAnswer>empty())
			.onErrorResume((ex) -> Mono.just(answerFor(ex)));
	}

	@Override
	public Mono<ProbeAnswer> sendChecked(Probe.Request request, boolean local, Instant sendBy) {
		return exchange(request, local, sendBy);
	}

	private Mono<ProbeAnswer> exchange(Probe.Request request, boolean local, Instant sendBy) {
		return (local ? this.local : this.strict).method(HttpMethod.valueOf(request.method()))
			.uri(request.uri())
			.headers((headers) -> request.headers().forEach(headers::set))
			.exchangeToMono((response) -> readBody(response)
				.map((body) -> (ProbeAnswer) new ProbeAnswer.Answered(response.statusCode().value(),
						headersOf(response), body)))
			.contextWrite((context) -> (sendBy != null) ? context.put(SEND_BY, sendBy) : context)
			// Covers a platform that answers headers in time but trickles the body.
			.timeout(this.timeout.multipliedBy(2))
			.onErrorResume((ex) -> Mono.just(answerFor(ex)));
	}

	private static Map<String, String> headersOf(ClientResponse response) {
		Map<String, String> headers = new HashMap<>();
		response.headers()
			.asHttpHeaders()
			.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
		return headers;
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

	private static ProbeAnswer answerFor(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof LateException) {
				return new ProbeAnswer.Late();
			}
			if (cause instanceof EgressGuard.EgressRefusedException) {
				return new ProbeAnswer.Refused();
			}
			if (cause instanceof TimeoutException || cause instanceof io.netty.handler.timeout.TimeoutException
					|| cause instanceof ConnectTimeoutException) {
				return new ProbeAnswer.TimedOut();
			}
		}
		return new ProbeAnswer.Unreachable();
	}

	/** The request's send-by time passed before it was written: it was not sent. */
	private static final class LateException extends RuntimeException {

		LateException() {
			super("Not sent: past its send-by time", null, false, false);
		}

	}

	/**
	 * Netty's name resolution replaced by the guard's: checked, and the checked address
	 * is what Netty connects to. The resolver's lookups block (like Netty's default JDK
	 * resolver); the JDK caches them.
	 */
	private static final class WebClientGuardedResolverGroup extends AddressResolverGroup<InetSocketAddress> {

		private final EgressGuard guard;

		private final boolean local;

		WebClientGuardedResolverGroup(EgressGuard guard, boolean local) {
			this.guard = guard;
			this.local = local;
		}

		@Override
		protected AddressResolver<InetSocketAddress> newResolver(EventExecutor executor) {
			return new WebClientGuardedNameResolver(executor, this.guard, this.local).asAddressResolver();
		}

	}

	private static final class WebClientGuardedNameResolver extends InetNameResolver {

		private final EgressGuard guard;

		private final boolean local;

		WebClientGuardedNameResolver(EventExecutor executor, EgressGuard guard, boolean local) {
			super(executor);
			this.guard = guard;
			this.local = local;
		}

		@Override
		protected void doResolve(String host, Promise<InetAddress> promise) {
			try {
				promise.setSuccess(this.guard.check(host, this.local));
			}
			catch (Exception ex) {
				promise.setFailure(ex);
			}
		}

		@Override
		protected void doResolveAll(String host, Promise<List<InetAddress>> promise) {
			try {
				promise.setSuccess(List.of(this.guard.check(host, this.local)));
			}
			catch (Exception ex) {
				promise.setFailure(ex);
			}
		}

	}

}
