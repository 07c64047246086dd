package dev.latchkey.collector.web;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses request bodies over a limit: at once when the declared {@code Content-Length}
 * is too large, and while streaming otherwise (chunked bodies, or a length that lies),
 * where the overflow surfaces as a {@link DataBufferLimitException} that the problem
 * handler answers 413.
 */
public final class BodySizeLimit implements WebFilter {

	/** Exchange attribute holding the limit, for the message of a streamed overflow. */
	static final String MAX_BYTES_ATTRIBUTE = BodySizeLimit.class.getName() + ".maxBytes";

	private final long maxBytes;

	public BodySizeLimit(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		exchange.getAttributes().put(MAX_BYTES_ATTRIBUTE, this.maxBytes);
		if (request.getHeaders().getContentLength() > this.maxBytes) {
			return tooLarge(exchange);
		}
		ServerHttpRequest capped = new ServerHttpRequestDecorator(request) {
			@Override
			public Flux<DataBuffer> getBody() {
				return Flux.defer(() -> {
					AtomicLong seen = new AtomicLong();
					return super.getBody().handle((buffer, sink) -> {
						if (seen.addAndGet(buffer.readableByteCount()) > BodySizeLimit.this.maxBytes) {
							DataBufferUtils.release(buffer);
							sink.error(new DataBufferLimitException(
									"Request body exceeds " + BodySizeLimit.this.maxBytes + " bytes"));
						}
						else {
							sink.next(buffer);
						}
					});
				});
			}
		};
		return chain.filter(exchange.mutate().request(capped).build());
	}

	private Mono<Void> tooLarge(ServerWebExchange exchange) {
		Problems problem = Problems.BODY_TOO_LARGE;
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(problem.status());
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		String body = "{\"type\":\"" + problem.type() + "\",\"title\":\"" + problem.title() + "\",\"status\":"
				+ problem.status().value() + ",\"detail\":\"" + tooLargeDetail(this.maxBytes) + "\"}";
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
	}

	static String tooLargeDetail(Long maxBytes) {
		return (maxBytes != null) ? "The request body must not be larger than " + maxBytes + " bytes"
				: "The request body is larger than this service accepts";
	}

}
