package dev.latchkey.collector.oauth;

import java.util.List;
import java.util.Map;

import dev.latchkey.collector.Fixtures;

/** Named OAuth test data. */
public final class OAuthFixtures {

	private OAuthFixtures() {
	}

	/** What a platform's token endpoint might answer: one hour, two scopes. */
	public static Tokens someTokens() {
		return new Tokens(Fixtures.OAUTH_ACCESS_TOKEN, Fixtures.OAUTH_REFRESH_TOKEN, 3600L,
				List.of("openid", "profile"), Map.of());
	}

}
