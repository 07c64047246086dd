package dev.latchkey.websecurity;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which web origins may call the APIs from a browser (for a page served by another
 * service or host). None by default: cross-origin calls are refused.
 *
 * @param allowedOrigins exact origins such as {@code http://localhost:8083}; never
 * {@code *} (browsers send bearer tokens, and an open list would let any site use a
 * stolen one from a victim's browser)
 * @param maxAge how long a browser may cache a preflight answer
 * @param credentialedPaths paths (patterns such as {@code /api/integrations/*}/connect)
 * whose cross-origin calls from the allowed origins may carry and set cookies
 * ({@code Access-Control-Allow-Credentials: true}); none by default. No cookie
 * authenticates anything: the collector's connect binds an OAuth state to the browser
 * with one.
 */
@ConfigurationProperties("latchkey.security.cors")
public record CorsProperties(@DefaultValue List<String> allowedOrigins, @DefaultValue("1h") Duration maxAge,
		@DefaultValue List<String> credentialedPaths) {

	public CorsProperties {
		allowedOrigins = allowedOrigins.stream().map(String::trim).filter((origin) -> !origin.isEmpty()).toList();
		if (allowedOrigins.contains("*")) {
			throw new IllegalStateException("latchkey.security.cors.allowed-origins must list exact origins, not *");
		}
		credentialedPaths = credentialedPaths.stream().map(String::trim).filter((path) -> !path.isEmpty()).toList();
	}

}
