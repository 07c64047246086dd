package dev.latchkey.websecurity;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import org.jspecify.annotations.Nullable;
import reactor.core.Fuseable;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Which requests the {@link FastTenantRoute}s answer, and with what: the part of
 * {@link FastTenantRouteHandler} that does not depend on the connection, shared by all of
 * them. A request is the plain case when it is a {@code GET} of a route's exact path (no
 * query), HTTP/1.1, without body, {@code Origin}, {@code Expect} or {@code Upgrade}, with
 * exactly one {@code Authorization: Bearer} header in the form Spring Security accepts,
 * whose token the decoder has already verified (a cache hit) and whose tenant claim is
 * well-formed, and the route is ready. Anything else is the chain's.
 */
final class FastTenantRoutes {

	private static final String BEARER = "Bearer ";

	private final Map<String, FastTenantRoute> routes;

	private final ReactiveJwtDecoder decoder;

	private final String tenantClaim;

	private final Supplier<@Nullable MeterRegistry> registry;

	/** Per route, its timers by status code, made on first use. */
	private final Map<String, Timer[]> timers;

	/** The routes whose path has a CORS configuration (whose answers carry its Vary). */
	private final Set<String> corsPaths;

	/**
	 * @param corsApplies whether a path has a CORS configuration
	 */
	FastTenantRoutes(List<FastTenantRoute> routes, ReactiveJwtDecoder decoder, String tenantClaim,
			Predicate<String> corsApplies, Supplier<@Nullable MeterRegistry> registry) {
		this.routes = routes.stream().collect(Collectors.toUnmodifiableMap(FastTenantRoute::path, Function.identity()));
		this.corsPaths = this.routes.keySet().stream().filter(corsApplies).collect(Collectors.toUnmodifiableSet());
		this.decoder = decoder;
		this.tenantClaim = tenantClaim;
		this.registry = registry;
		this.timers = routes.stream()
			.collect(Collectors.toUnmodifiableMap(FastTenantRoute::path, (route) -> new Timer[600]));
	}

	boolean isEmpty() {
		return this.routes.isEmpty();
	}

	/** The route of a plain request and its answer, or {@code null}: the chain's. */
	@Nullable Answered answer(HttpRequest request) {
		FastTenantRoute route = this.routes.get(request.uri());
		if (route == null || !isPlain(request) || !route.ready()) {
			return null;
		}
		HttpHeaders headers = request.headers();
		String token = bearerToken(headers);
		Jwt jwt = (token != null) ? verifiedNow(token) : null;
		String tenant = (jwt != null) ? jwt.getClaimAsString(this.tenantClaim) : null;
		if (!TenantId.isValid(tenant)) {
			return null;
		}
		CheckedHeaders read = new CheckedHeaders(headers);
		FastAnswer answer;
		try {
			answer = route.answer(new TenantId(tenant), read);
		}
		catch (RuntimeException ex) {
			// Whatever went wrong, the chain answers it in its words.
			return null;
		}
		return (answer != null && !read.rejected) ? new Answered(route, answer, this.corsPaths.contains(route.path()))
				: null;
	}

	/** Counts a fast answer as the HTTP server's observation would have. */
	void record(Answered answered, long nanos) {
		Timer[] byStatus = this.timers.get(answered.route.path());
		int status = answered.answer.status();
		Timer timer = byStatus[status];
		if (timer == null) {
			// Two event loops may both get here: the registry gives both the same timer.
			MeterRegistry meters = this.registry.get();
			if (meters == null) {
				return;
			}
			// The tags of Spring's DefaultServerRequestObservationConvention and
			// Micrometer's
			// meter handler, so these polls add to the same series as the chain's.
			timer = meters.timer("http.server.requests", Tags.of("error", "none", "exception", "none", "method", "GET",
					"outcome", outcome(status), "status", Integer.toString(status), "uri", answered.route.path()));
			byStatus[status] = timer;
		}
		timer.record(nanos, TimeUnit.NANOSECONDS);
	}

	private static String outcome(int status) {
		return switch (status / 100) {
			case 1 -> "INFORMATIONAL";
			case 2 -> "SUCCESS";
			case 3 -> "REDIRECTION";
			case 4 -> "CLIENT_ERROR";
			case 5 -> "SERVER_ERROR";
			default -> "UNKNOWN";
		};
	}

	private static boolean isPlain(HttpRequest request) {
		HttpHeaders headers = request.headers();
		return request.method() == HttpMethod.GET && HttpVersion.HTTP_1_1.equals(request.protocolVersion())
				&& request.decoderResult().isSuccess() && !headers.contains(HttpHeaderNames.ORIGIN)
				&& !headers.contains(HttpHeaderNames.EXPECT) && !headers.contains(HttpHeaderNames.UPGRADE)
				&& !headers.contains(HttpHeaderNames.TRANSFER_ENCODING) && HttpUtil.getContentLength(request, 0L) == 0;
	}

	/**
	 * The token of the only {@code Authorization} header, when it has the form Spring
	 * Security's converter accepts ({@code Bearer} and a token of the characters of RFC
	 * 6750); {@code null} otherwise.
	 */
	private static @Nullable String bearerToken(HttpHeaders headers) {
		List<String> authorization = headers.getAll(HttpHeaderNames.AUTHORIZATION);
		if (authorization.size() != 1) {
			return null;
		}
		String value = authorization.get(0);
		if (!value.startsWith(BEARER) || value.length() == BEARER.length()) {
			return null;
		}
		int end = value.length();
		while (end > BEARER.length() && value.charAt(end - 1) == '=') {
			end--;
		}
		if (end == BEARER.length()) {
			return null;
		}
		for (int i = BEARER.length(); i < end; i++) {
			char c = value.charAt(i);
			boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
			if (!allowed) {
				return null;
			}
		}
		return value.substring(BEARER.length());
	}

	/**
	 * The token's claims when the decoder has them at once (its cache), else
	 * {@code null}: a token to verify — a first poll, an entry due again, a JWK set to
	 * fetch — is left to the chain, which verifies it (and fills the cache for the next
	 * poll), so the event loop never waits and no request is held.
	 */
	private @Nullable Jwt verifiedNow(String token) {
		Mono<Jwt> decoding = this.decoder.decode(token);
		if (decoding instanceof Fuseable.ScalarCallable<?> scalar) {
			try {
				return (Jwt) scalar.call();
			}
			catch (Exception ex) {
				return null;
			}
		}
		return null;
	}

	/** A fast answer and its route. */
	record Answered(FastTenantRoute route, FastAnswer answer, boolean vary) {

		FullHttpResponse response(boolean keepAlive) {
			return this.answer.response(this.vary, keepAlive);
		}

	}

	/**
	 * The request's headers as the route reads them. A value with a control character is
	 * one Spring Security's firewall would refuse as the chain reads it, so the request
	 * goes to the chain.
	 */
	private static final class CheckedHeaders implements FastTenantRoute.RequestHeaders {

		private final HttpHeaders headers;

		private boolean rejected;

		CheckedHeaders(HttpHeaders headers) {
			this.headers = headers;
		}

		@Override
		public List<String> all(String name) {
			List<String> values = this.headers.getAll(name);
			if (values.isEmpty()) {
				return Collections.emptyList();
			}
			for (String value : values) {
				for (int i = 0; i < value.length(); i++) {
					if (Character.isISOControl(value.charAt(i))) {
						this.rejected = true;
					}
				}
			}
			return Collections.unmodifiableList(values);
		}

	}

}
