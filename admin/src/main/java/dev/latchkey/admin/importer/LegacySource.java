package dev.latchkey.admin.importer;

/**
 * A legacy store read row by row, in a stable order. Reads never change it; only the
 * rows' {@link LegacyRow.Scrubbing} does, and only what {@link #finishScrub()} commits.
 */
interface LegacySource extends AutoCloseable {

	/** How many rows a full read will give (for the progress bar). */
	long count();

	/** Hands each row to the handler, in a stable order. */
	void forEach(RowHandler handler) throws Exception;

	/** Makes the scrubs of the last pass durable. */
	default void finishScrub() {
	}

	@Override
	void close();

	@FunctionalInterface
	interface RowHandler {

		void accept(LegacyRow row) throws Exception;

	}

}
