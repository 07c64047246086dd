package dev.latchkey.collector.oauth;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The collector as an OAuth client.
 *
 * @param redirectBaseUrl public base URL of this collector; the redirect URI registered
 * at a platform is {@code <redirectBaseUrl>/oauth/<provider>/callback}
 * @param allowedReturnUrls where a finished connect may send the browser back to: a
 * return URL must have the same scheme, host and port as one entry and a path under its
 * path (no open redirect); the first entry is the default
 * @param stateTtl how long a connect may take before its state expires
 * @param exchangeTimeout how long a token request may take
 * @param clients client registrations by provider id; a provider without one cannot be
 * connected
 */
@ConfigurationProperties("latchkey.oauth")
public record OAuthProperties(@DefaultValue("http://localhost:8080") String redirectBaseUrl,
		@DefaultValue("http://localhost:8083") List<String> allowedReturnUrls, @DefaultValue("10m") Duration stateTtl,
		@DefaultValue("10s") Duration exchangeTimeout, @DefaultValue Map<String, Client> clients) {

	public OAuthProperties {
		URI.create(redirectBaseUrl);
		allowedReturnUrls = allowedReturnUrls.stream().filter((url) -> !url.isBlank()).map(String::trim).toList();
		if (stateTtl.isNegative() || stateTtl.isZero() || exchangeTimeout.isNegative() || exchangeTimeout.isZero()) {
			throw new IllegalStateException("latchkey.oauth.state-ttl and exchange-timeout must be positive");
		}
	}

	/**
	 * One OAuth client registration. Secrets come from the environment only.
	 *
	 * @param baseUrl replaces scheme, host and port of the catalogue's authorize, token
	 * and revoke URLs (the demo server runs wherever it was started)
	 */
	public record Client(String clientId, String clientSecret, String baseUrl) {

		boolean configured() {
			return this.clientId != null && !this.clientId.isBlank() && this.clientSecret != null
					&& !this.clientSecret.isBlank();
		}

		@Override
		public String toString() {
			return "Client[clientId=" + this.clientId + ", clientSecret=(redacted), baseUrl=" + this.baseUrl + "]";
		}

	}

}
