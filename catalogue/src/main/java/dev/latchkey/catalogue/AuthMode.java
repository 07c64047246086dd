package dev.latchkey.catalogue;

public enum AuthMode {

	/** The user pastes the credential's fields. */
	API_KEY,

	/** The user connects through an OAuth 2 authorization-code flow. */
	OAUTH2

}
