package dev.latchkey.collector.credential;

import java.util.List;

/**
 * A submission that does not fit its provider. The problems name fields, never values.
 */
class InvalidSubmissionException extends RuntimeException {

	private final List<String> problems;

	InvalidSubmissionException(List<String> problems) {
		super(String.join("; ", problems));
		this.problems = List.copyOf(problems);
	}

	List<String> problems() {
		return this.problems;
	}

}
