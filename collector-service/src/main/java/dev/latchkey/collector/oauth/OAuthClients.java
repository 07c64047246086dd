package dev.latchkey.collector.oauth;

import java.net.URI;

import dev.latchkey.catalogue.OAuth2;
import dev.latchkey.catalogue.Provider;
import dev.latchkey.collector.oauth.OAuthRefusedException.Kind;

import org.springframework.stereotype.Component;

/** The configured client of each OAuth provider, with its URLs. */
@Component
public class OAuthClients {

	private final OAuthProperties properties;

	public OAuthClients(OAuthProperties properties) {
		this.properties = properties;
	}

	/**
	 * The provider's client; fails with {@link OAuthRefusedException}
	 * ({@code CLIENT_NOT_CONFIGURED}) when it has none.
	 */
	public ClientRegistration forProvider(Provider provider) {
		OAuthProperties.Client client = this.properties.clients().get(provider.id());
		if (client == null || !client.configured()) {
			throw new OAuthRefusedException(Kind.CLIENT_NOT_CONFIGURED, "No OAuth client is configured for "
					+ provider.id() + "; set its client id and secret (see the collector README)");
		}
		OAuth2 flow = provider.oauth().orElseThrow();
		return new ClientRegistration(client.clientId(), client.clientSecret(),
				rebase(flow.authorizeUrl(), client.baseUrl()), rebase(flow.tokenUrl(), client.baseUrl()),
				(flow.revokeUrl() != null) ? rebase(flow.revokeUrl(), client.baseUrl()) : null);
	}

	private static String rebase(String url, String baseUrl) {
		if (baseUrl == null || baseUrl.isBlank()) {
			return url;
		}
		URI original = URI.create(url);
		String path = original.getRawPath() + ((original.getRawQuery() != null) ? "?" + original.getRawQuery() : "");
		return baseUrl.replaceAll("/+$", "") + path;
	}

}
