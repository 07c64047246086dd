package dev.latchkey.vaultclient;

import java.util.List;

/**
 * One page of an access log, newest first.
 *
 * @param next the cursor of the next (older) page, {@code null} on the last page
 */
public record AccessLogPage(List<AccessLogEntry> entries, String next) {

	/** The most entries one page holds. */
	public static final int MAX_LIMIT = 200;

	public AccessLogPage {
		entries = List.copyOf(entries);
	}

}
