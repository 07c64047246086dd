package dev.latchkey.collector.credential;

/** The provider is not in the catalogue. */
class UnknownProviderException extends RuntimeException {

	UnknownProviderException() {
		super("Unknown provider");
	}

}
