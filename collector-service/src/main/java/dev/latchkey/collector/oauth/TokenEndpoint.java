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

	/** Revocation outcome: the platform revoked the token. */
	String REVOKED = "REVOKED";

	/** Revocation outcome: the platform could not be reached or refused. */
	String FAILED = "FAILED";

	/** Revocation outcome: the platform has no revocation endpoint. */
	String NOT_REVOKED = "NOT_APPLICABLE";

	/**
	 * Revokes a token at the platform (RFC 7009), best effort: never fails, answers an
	 * outcome.
	 */
	Mono<String> revoke(OAuth2 flow, ClientRegistration client, String token, String tokenTypeHint);

}
