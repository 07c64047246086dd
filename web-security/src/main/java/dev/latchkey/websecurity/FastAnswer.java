package dev.latchkey.websecurity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.ReadOnlyHttpHeaders;

/**
 * An answer of a {@link FastTenantRoute}, made once and written as often as asked: the
 * status, the route's headers in the order the chain writes them, with what the chain
 * adds around them ({@code Vary} of the CORS filter, {@code Content-Length} when there is
 * a body, the {@link SecurityHeaders}), and the body. Only its status line, headers and
 * body are written per request, from objects built here once: nothing is serialised or
 * copied per poll.
 */
public final class FastAnswer {

	private final int status;

	private final HttpResponseStatus nettyStatus;

	/**
	 * By {@link #variant}: with or without the CORS {@code Vary} headers, keep-alive or
	 * closing.
	 */
	private final HttpHeaders[] headers = new HttpHeaders[4];

	/** Never released: every answer writes a duplicate of it. */
	private final ByteBuf body;

	private FastAnswer(int status, byte[] body, List<String> routeHeaders) {
		this.status = status;
		this.nettyStatus = HttpResponseStatus.valueOf(status);
		for (boolean vary : new boolean[] { false, true }) {
			for (boolean keepAlive : new boolean[] { false, true }) {
				this.headers[variant(vary, keepAlive)] = headers(vary, keepAlive, routeHeaders, body.length);
			}
		}
		this.body = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(body));
	}

	/**
	 * In the order the chain writes them: the CORS filter's {@code Vary} (on paths with a
	 * CORS configuration, even without {@code Origin}), the route's (the controller's),
	 * {@code Content-Length}, the security headers as the answer commits, and Reactor
	 * Netty's {@code connection: close} when the request asked to close.
	 */
	private static HttpHeaders headers(boolean vary, boolean keepAlive, List<String> routeHeaders, int length) {
		List<CharSequence> headers = new ArrayList<>();
		if (vary) {
			for (String value : ProblemCorsFilter.VARY) {
				headers.add("Vary");
				headers.add(value);
			}
		}
		headers.addAll(routeHeaders);
		if (length > 0) {
			headers.add("Content-Length");
			headers.add(Integer.toString(length));
		}
		for (Map.Entry<String, String> header : SecurityHeaders.EVERY_ANSWER) {
			headers.add(header.getKey());
			headers.add(header.getValue());
		}
		if (!keepAlive) {
			headers.add(HttpHeaderNames.CONNECTION);
			headers.add(HttpHeaderValues.CLOSE);
		}
		return new ReadOnlyHttpHeaders(true, headers.toArray(CharSequence[]::new));
	}

	private static int variant(boolean vary, boolean keepAlive) {
		return (vary ? 2 : 0) + (keepAlive ? 1 : 0);
	}

	/**
	 * @param status the HTTP status, e.g. 200 or 304
	 * @param body the body's bytes (not copied: do not change them), empty for none
	 * @param headers names and values, alternating, as the chain writes them (e.g.
	 * {@code ETag}, {@code Cache-Control}, {@code Content-Type}); {@code Content-Length}
	 * and the security headers are added. {@code Cache-Control} is required: the chain
	 * would otherwise add its own.
	 */
	public static FastAnswer of(int status, byte[] body, String... headers) {
		if (headers.length % 2 != 0) {
			throw new IllegalArgumentException("Headers come as names and values");
		}
		List<String> list = List.of(headers);
		boolean caching = false;
		for (int i = 0; i < headers.length; i += 2) {
			caching |= headers[i].equalsIgnoreCase("Cache-Control");
			if (headers[i].equalsIgnoreCase("Content-Length") || headers[i].equalsIgnoreCase("Connection")) {
				throw new IllegalArgumentException(headers[i] + " is written by the server");
			}
		}
		if (!caching) {
			throw new IllegalArgumentException("A fast answer says how it may be cached (Cache-Control)");
		}
		return new FastAnswer(status, body, list);
	}

	/** The HTTP status. */
	public int status() {
		return this.status;
	}

	/**
	 * A new response for one request; its headers and body are shared (the body is never
	 * released).
	 * @param vary whether the path has a CORS configuration
	 */
	FullHttpResponse response(boolean vary, boolean keepAlive) {
		return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, this.nettyStatus, this.body.duplicate(),
				this.headers[variant(vary, keepAlive)], EmptyHttpHeaders.INSTANCE);
	}

}
