package dev.latchkey.collector.oauth;

import dev.latchkey.catalogue.OAuth2;
import reactor.core.publisher.Mono;

/**
 * A platform's token endpoint. Fails with {@link TokenRequestFailedException} carrying a
 * reason code, never the platform's body.
 */
public interface TokenEndpoint {

	Mono<Tokens> exchangeCode(OAuth2 flow, ClientRegistration client, String code, String codeVerifier,
			String redirectUri);

	/**
	 * Runs the refresh grant. When the platform does not rotate the refresh token, the
	 * answer carries the one presented.
	 */
	Mono<Tokens> refresh(OAuth2 flow, ClientRegistration client, String refreshToken);

}
