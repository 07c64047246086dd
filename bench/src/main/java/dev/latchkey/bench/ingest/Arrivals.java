package dev.latchkey.bench.ingest;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When each submitted credential first appeared in the status view, and when it left
 * {@code PENDING_VERIFICATION} (the scanner's verdict came back), in {@code nanoTime}.
 * Names are {@code <prefix>-<index>}; others (earlier runs, other programs) are ignored.
 */
final class Arrivals {

	/**
	 * An integration in a snapshot or change event: the status service writes
	 * {@code "name":…,"state":…} next to each other in every detail.
	 */
	private static final Pattern DETAIL = Pattern.compile("\"name\":\"([a-z0-9_-]+)\",\"state\":\"([A-Z_]+)\"");

	private static final long NOT_YET = 0;

	private final String prefix;

	private final AtomicLongArray visible;

	private final AtomicLongArray settled;

	Arrivals(String prefix, int count) {
		this.prefix = prefix + "-";
		this.visible = new AtomicLongArray(count);
		this.settled = new AtomicLongArray(count);
	}

	/** Records what one event's data tells, as seen at {@code now}. */
	void record(String data, long now) {
		Matcher detail = DETAIL.matcher(data);
		while (detail.find()) {
			int index = indexOf(detail.group(1));
			if (index < 0) {
				continue;
			}
			this.visible.compareAndSet(index, NOT_YET, now);
			if (!"PENDING_VERIFICATION".equals(detail.group(2))) {
				this.settled.compareAndSet(index, NOT_YET, now);
			}
		}
	}

	private int indexOf(String name) {
		if (!name.startsWith(this.prefix)) {
			return -1;
		}
		try {
			int index = Integer.parseInt(name.substring(this.prefix.length()));
			return index < this.visible.length() ? index : -1;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/** When credential {@code index} became visible, or 0 if it has not. */
	long visibleAt(int index) {
		return this.visible.get(index);
	}

	long settledAt(int index) {
		return this.settled.get(index);
	}

	static String name(String prefix, int index) {
		return prefix + "-" + String.format("%06d", index);
	}

}
