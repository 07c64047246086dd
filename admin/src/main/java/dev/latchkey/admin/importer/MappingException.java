package dev.latchkey.admin.importer;

/**
 * The mapping file, the environment or the source connection is not usable: the run stops
 * before importing anything. Messages name settings and variables, never a key.
 */
final class MappingException extends RuntimeException {

	MappingException(String message) {
		super(message);
	}

	MappingException(String message, Throwable cause) {
		super(message, cause);
	}

}
