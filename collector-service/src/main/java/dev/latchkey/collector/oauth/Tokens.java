package dev.latchkey.collector.oauth;

import java.util.List;
import java.util.Map;

/**
 * What a platform's token endpoint answered. Holds secrets: never print it.
 *
 * @param refreshToken {@code null} when the platform issued none
 * @param expiresInSeconds {@code null} when the platform did not say
 * @param publicFields provider extras (such as a Slack team id)
 */
public record Tokens(String accessToken, String refreshToken, Long expiresInSeconds, List<String> scopes,
		Map<String, String> publicFields) {

	public Tokens {
		scopes = List.copyOf(scopes);
		publicFields = Map.copyOf(publicFields);
	}

	@Override
	public String toString() {
		return "Tokens[access token redacted, refresh token " + ((this.refreshToken != null) ? "redacted" : "none")
				+ ", expiresIn=" + this.expiresInSeconds + ", scopes=" + this.scopes + "]";
	}

}
