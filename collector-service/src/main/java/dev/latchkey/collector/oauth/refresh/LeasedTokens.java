package dev.latchkey.collector.oauth.refresh;

/**
 * The current tokens of an integration as leased from the vault. Holds secrets: never
 * print it.
 *
 * @param refreshToken {@code null} when there is none
 */
record LeasedTokens(long version, String accessToken, String refreshToken, java.util.Map<String, String> publicFields) {

	LeasedTokens {
		publicFields = java.util.Map.copyOf(publicFields);
	}

	@Override
	public String toString() {
		return "LeasedTokens[version=" + this.version + ", tokens redacted]";
	}

}
