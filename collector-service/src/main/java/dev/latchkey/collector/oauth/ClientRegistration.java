package dev.latchkey.collector.oauth;

/**
 * A configured OAuth client with the URLs it uses (the catalogue's, or moved to the
 * configured base URL).
 */
public record ClientRegistration(String clientId, String clientSecret, String authorizeUrl, String tokenUrl,
		String revokeUrl) {

	@Override
	public String toString() {
		return "ClientRegistration[clientId=" + this.clientId + ", clientSecret=(redacted), tokenUrl=" + this.tokenUrl
				+ "]";
	}

}
