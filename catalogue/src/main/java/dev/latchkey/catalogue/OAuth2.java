package dev.latchkey.catalogue;

import java.util.List;
import java.util.Map;

/**
 * How to run the OAuth 2 authorization-code flow against one platform. Client ids and
 * secrets are never part of the catalogue: they come from the collector's configuration.
 *
 * @param authorizeUrl where the user's browser is sent to consent
 * @param tokenUrl where codes and refresh tokens are exchanged
 * @param defaultScopes scopes asked for when the connect request names none
 * @param scopeSeparator how the platform joins scopes ({@code " "} by default; GitHub and
 * Slack use {@code ","})
 * @param pkce whether to send an S256 code challenge (on unless a platform cannot)
 * @param clientAuth how the client authenticates at the token URL
 * @param tokenResponse where the token response keeps what we need
 * @param refreshSupported whether the platform issues refresh tokens
 * @param refreshTokenRotates whether a refresh answers a new refresh token that replaces
 * the old one
 * @param revokeUrl RFC 7009 revocation endpoint, {@code null} when there is none
 * @param authorizeParameters extra query parameters of the authorize URL (such as
 * Google's {@code access_type=offline})
 */
public record OAuth2(String authorizeUrl, String tokenUrl, List<String> defaultScopes, String scopeSeparator,
		boolean pkce, ClientAuth clientAuth, TokenResponse tokenResponse, boolean refreshSupported,
		boolean refreshTokenRotates, String revokeUrl, Map<String, String> authorizeParameters) {

	public OAuth2 {
		defaultScopes = List.copyOf(defaultScopes);
		authorizeParameters = Map.copyOf(authorizeParameters);
	}

	/** Client authentication at the token endpoint (RFC 6749 section 2.3.1). */
	public enum ClientAuth {

		/** HTTP Basic with the client id and secret. */
		CLIENT_SECRET_BASIC,

		/** {@code client_id} and {@code client_secret} in the form body. */
		CLIENT_SECRET_POST

	}

	/**
	 * Where the token response keeps each value, as JSON pointers ({@code /access_token},
	 * {@code /authed_user/access_token}).
	 *
	 * @param publicFields public field name to JSON pointer: provider extras such as
	 * Slack's team id, which become public fields of the integration
	 */
	public record TokenResponse(String accessToken, String refreshToken, String expiresIn, String scope,
			Map<String, String> publicFields) {

		public TokenResponse {
			publicFields = Map.copyOf(publicFields);
		}

	}

}
