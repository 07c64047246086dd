package dev.latchkey.vault.consumer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import dev.latchkey.crypto.SignedRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Authenticates every request under {@code /internal/}: the consumer it names must be
 * registered, its signature (headers of {@link SignedRequest}) must verify with that
 * consumer's public key over method, raw path and query, timestamp and the SHA-256 of the
 * body, and its timestamp must be within the allowed clock skew of the vault's clock. An
 * authenticated request goes on with its {@link RegisteredConsumer} in the exchange
 * attribute {@link RegisteredConsumer#ATTRIBUTE} (handlers take it as a parameter); any
 * other is refused here with {@link InternalApiRefusal}, logged with its reason and
 * recorded through {@link RefusedRequests}.
 */
@Component
class InternalApiAuthentication implements WebFilter, Ordered {

	static final String PREFIX = "/internal/";

	/** Internal requests are small; a larger body is refused unread. */
	static final int MAX_BODY_BYTES = 64 * 1024;

	private static final Logger logger = LoggerFactory.getLogger(InternalApiAuthentication.class);

	private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private static final byte[] NO_BODY = new byte[0];

	private final RegisteredConsumers consumers;

	private final ObjectProvider<RefusedRequests> refusals;

	private final Clock clock;

	InternalApiAuthentication(RegisteredConsumers consumers, ObjectProvider<RefusedRequests> refusals, Clock clock) {
		this.consumers = consumers;
		this.refusals = refusals;
		this.clock = clock;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 100;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (!request.getURI().getRawPath().startsWith(PREFIX)) {
			return chain.filter(exchange);
		}
		return DataBufferUtils.join(request.getBody(), MAX_BODY_BYTES)
			.map(InternalApiAuthentication::bytesOf)
			.defaultIfEmpty(NO_BODY)
			.map((body) -> new Read(body, null))
			.onErrorResume(DataBufferLimitException.class, (ex) -> Mono.just(new Read(NO_BODY, Failure.MALFORMED)))
			.flatMap((read) -> {
				Verdict verdict = (read.failure() != null) ? new Verdict(null, read.failure())
						: authenticate(request, read.body());
				if (verdict.consumer() != null) {
					exchange.getAttributes().put(RegisteredConsumer.ATTRIBUTE, verdict.consumer());
					return chain.filter(exchange.mutate().request(replaying(request, read.body())).build());
				}
				return refuse(exchange, read.body(), verdict.failure());
			});
	}

	private Verdict authenticate(ServerHttpRequest request, byte[] body) {
		HttpHeaders headers = request.getHeaders();
		String claimed = headers.getFirst(SignedRequest.CONSUMER_HEADER);
		String timestamp = headers.getFirst(SignedRequest.TIMESTAMP_HEADER);
		String signature = headers.getFirst(SignedRequest.SIGNATURE_HEADER);
		if (claimed == null || timestamp == null || signature == null) {
			return new Verdict(null, Failure.MISSING_PROOF);
		}
		RegisteredConsumer consumer = this.consumers.find(claimed).orElse(null);
		if (consumer == null) {
			return new Verdict(null, Failure.UNKNOWN_CONSUMER);
		}
		long signedAt;
		try {
			signedAt = Long.parseLong(timestamp);
		}
		catch (NumberFormatException ex) {
			return new Verdict(null, Failure.MISSING_PROOF);
		}
		SignedRequest signed = new SignedRequest(claimed, request.getMethod().name(), pathAndQuery(request), signedAt,
				body);
		if (!consumer.verifier().verifies(signed, signature)) {
			return new Verdict(null, Failure.BAD_SIGNATURE);
		}
		Duration skew = Duration.between(Instant.ofEpochSecond(signedAt), this.clock.instant()).abs();
		if (skew.compareTo(this.consumers.maxClockSkew()) > 0) {
			return new Verdict(null, Failure.STALE_TIMESTAMP);
		}
		return new Verdict(consumer, null);
	}

	private Mono<Void> refuse(ServerWebExchange exchange, byte[] body, Failure failure) {
		ServerHttpRequest request = exchange.getRequest();
		String claimed = safeName(request.getHeaders().getFirst(SignedRequest.CONSUMER_HEADER));
		String method = request.getMethod().name();
		String path = request.getURI().getRawPath();
		logger.warn("Refused {} {} claimed by consumer {}: {}", method, path, claimed, failure);
		Map<String, String> query = new HashMap<>();
		request.getQueryParams().forEach((name, values) -> query.put(name, Objects.toString(values.get(0), "")));
		RefusedRequest refused = new RefusedRequest(claimed, method, path, query, body, failure.name(),
				this.clock.instant());
		RefusedRequests recorder = this.refusals.getIfAvailable();
		Mono<Void> recorded = (recorder != null) ? recorder.record(refused).onErrorResume((ex) -> {
			logger.error("Could not record the refusal of {} {} ({})", method, path, ex.getClass().getSimpleName());
			return Mono.empty();
		}) : Mono.empty();
		return recorded.then(InternalApiRefusal.write(exchange.getResponse()));
	}

	private static String pathAndQuery(ServerHttpRequest request) {
		String query = request.getURI().getRawQuery();
		return request.getURI().getRawPath() + ((query != null) ? "?" + query : "");
	}

	/** A claimed name goes into logs and the audit only if it looks like a name. */
	private static String safeName(String claimed) {
		if (claimed == null) {
			return "(none)";
		}
		return SAFE_NAME.matcher(claimed).matches() ? claimed : "(unreadable)";
	}

	private static byte[] bytesOf(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	/** The request as it came, its body (already read to verify it) served again. */
	private static ServerHttpRequest replaying(ServerHttpRequest request, byte[] body) {
		return new ServerHttpRequestDecorator(request) {

			@Override
			public Flux<DataBuffer> getBody() {
				return Flux.defer(() -> Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(body)));
			}

		};
	}

	/** Why a request was not authenticated; recorded as the audit's reason. */
	enum Failure {

		/** A header missing or unreadable. */
		MISSING_PROOF,

		/** The named consumer is not registered. */
		UNKNOWN_CONSUMER,

		/** The signature does not verify with the consumer's key over this request. */
		BAD_SIGNATURE,

		/**
		 * Signed further from the vault's clock than the allowed skew: late or replayed.
		 */
		STALE_TIMESTAMP,

		/** A body larger than {@link #MAX_BODY_BYTES}. */
		MALFORMED

	}

	private record Read(byte[] body, Failure failure) {
	}

	private record Verdict(RegisteredConsumer consumer, Failure failure) {
	}

}
