package dev.latchkey.websecurity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.security.web.server.header.CacheControlServerHttpHeadersWriter;
import org.springframework.security.web.server.header.CompositeServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import org.springframework.security.web.server.header.StaticServerHttpHeadersWriter;
import org.springframework.security.web.server.header.StrictTransportSecurityServerHttpHeadersWriter;

/**
 * The security headers of every answer, in one place: the security chain writes them
 * through {@link #WRITER}, and {@link FastAnswer}s, which are answered before it, carry
 * {@link #EVERY_ANSWER}, the same list. They are Spring Security's defaults:
 * {@code Cache-Control: no-store…} unless the answer sets its own,
 * {@code X-Content-Type-Options: nosniff}, {@code X-Frame-Options: DENY},
 * {@code X-XSS-Protection: 0}, {@code Referrer-Policy: no-referrer}, HSTS on HTTPS (which
 * fast answers never are).
 */
final class SecurityHeaders {

	/**
	 * Name and value of the headers every answer carries, whatever its status, in the
	 * order they are written; each only where the answer has not set it itself.
	 */
	static final List<Map.Entry<String, String>> EVERY_ANSWER = List.of(Map.entry("X-Content-Type-Options", "nosniff"),
			Map.entry("X-Frame-Options", "DENY"), Map.entry("X-XSS-Protection", "0"),
			Map.entry("Referrer-Policy", "no-referrer"));

	static final ServerHttpHeadersWriter WRITER = writer();

	private SecurityHeaders() {
	}

	private static ServerHttpHeadersWriter writer() {
		List<ServerHttpHeadersWriter> writers = new ArrayList<>();
		writers.add(new CacheControlServerHttpHeadersWriter());
		for (Map.Entry<String, String> header : EVERY_ANSWER) {
			// One writer each: a header the answer set itself keeps its value, the others
			// are still written (as Spring Security's own writers do).
			writers.add(StaticServerHttpHeadersWriter.builder().header(header.getKey(), header.getValue()).build());
		}
		writers.add(new StrictTransportSecurityServerHttpHeadersWriter());
		return new CompositeServerHttpHeadersWriter(writers);
	}

}
