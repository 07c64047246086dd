package dev.latchkey.websecurity;

import org.springframework.security.web.server.header.CacheControlServerHttpHeadersWriter;
import org.springframework.security.web.server.header.CompositeServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ContentTypeOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ServerHttpHeadersWriter;
import org.springframework.security.web.server.header.StrictTransportSecurityServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XXssProtectionServerHttpHeadersWriter;

/**
 * The security headers of every answer, in one place: the security chain writes them, and
 * so do {@link FastTenantRoute}s, which answer before it. They are Spring Security's
 * defaults: {@code Cache-Control: no-store…} unless the answer sets its own,
 * {@code X-Content-Type-Options: nosniff}, HSTS on HTTPS, {@code X-Frame-Options: DENY},
 * {@code X-XSS-Protection: 0}, {@code Referrer-Policy: no-referrer}.
 */
final class SecurityHeaders {

	static final ServerHttpHeadersWriter WRITER = new CompositeServerHttpHeadersWriter(
			new CacheControlServerHttpHeadersWriter(), new ContentTypeOptionsServerHttpHeadersWriter(),
			new StrictTransportSecurityServerHttpHeadersWriter(), new XFrameOptionsServerHttpHeadersWriter(),
			new XXssProtectionServerHttpHeadersWriter(), new ReferrerPolicyServerHttpHeadersWriter());

	private SecurityHeaders() {
	}

}
