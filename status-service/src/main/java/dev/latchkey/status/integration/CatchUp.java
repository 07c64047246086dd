package dev.latchkey.status.integration;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether the view has read the status topic up to where it ended when this instance
 * started. Until then an empty or partial view must not be served as the truth. Once
 * caught up it stays caught up: later events only make the view fresher.
 */
public final class CatchUp {

	private final Map<Integer, Long> endOffsets;

	private final Map<Integer, Long> positions = new ConcurrentHashMap<>();

	private volatile boolean caughtUp;

	/**
	 * @param endOffsets per partition, the offset after the last record at start
	 */
	CatchUp(Map<Integer, Long> endOffsets) {
		this.endOffsets = Map.copyOf(endOffsets);
		this.caughtUp = allReached();
	}

	/** The partitions to read; public for the listener's partition expression. */
	public List<Integer> partitions() {
		return this.endOffsets.keySet().stream().sorted().toList();
	}

	/**
	 * Records that everything before {@code position} in {@code partition} has been
	 * applied.
	 * @return whether this is the moment the view caught up
	 */
	boolean reached(int partition, long position) {
		if (this.caughtUp) {
			return false;
		}
		this.positions.merge(partition, position, Math::max);
		this.caughtUp = allReached();
		return this.caughtUp;
	}

	boolean isCaughtUp() {
		return this.caughtUp;
	}

	/** Per partition, how many records at most remain before catching up. */
	Map<Integer, Long> remaining() {
		Map<Integer, Long> remaining = new TreeMap<>();
		this.endOffsets.forEach((partition, end) -> remaining.put(partition,
				Math.max(0, end - this.positions.getOrDefault(partition, 0L))));
		return remaining;
	}

	private boolean allReached() {
		return this.endOffsets.entrySet()
			.stream()
			.allMatch((end) -> end.getValue() <= this.positions.getOrDefault(end.getKey(), 0L));
	}

}
