package dev.latchkey.websecurity;

import java.net.URI;

/**
 * A problem type a service answers with (RFC 9457), for its API description.
 *
 * @param type the {@code type} member ({@code about:blank} where the status says it all)
 * @param status the HTTP status it comes with
 * @param title the {@code title} member
 */
public record ProblemType(URI type, int status, String title) {

	/**
	 * A problem Spring answers with {@code about:blank} and the status's reason phrase.
	 */
	public static ProblemType blank(int status, String title) {
		return new ProblemType(URI.create("about:blank"), status, title);
	}

}
