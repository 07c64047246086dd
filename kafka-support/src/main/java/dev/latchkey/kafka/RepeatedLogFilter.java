package dev.latchkey.kafka;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;
import org.slf4j.MarkerFactory;

/**
 * Rate-limits repeated warnings and errors: the same logger and message pattern (Kafka's
 * "connection could not be established", a registry or MongoDB that does not answer) is
 * logged {@code burst} times per window, then suppressed until the window ends; the first
 * occurrence after it says how many were left out. Distinct messages are never
 * suppressed, and nothing below WARN is touched.
 */
final class RepeatedLogFilter extends TurboFilter {

	/**
	 * Marks the line that reports suppressed repeats, which is itself never suppressed.
	 */
	static final Marker SUMMARY = MarkerFactory.getMarker("latchkey-suppressed-repeats");

	private static final int MAX_PATTERNS = 1000;

	private final int burst;

	private final long windowNanos;

	private final LongSupplier nanoTime;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	RepeatedLogFilter(int burst, long windowNanos, LongSupplier nanoTime) {
		this.burst = burst;
		this.windowNanos = windowNanos;
		this.nanoTime = nanoTime;
	}

	@Override
	public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
		if (level == null || !level.isGreaterOrEqual(Level.WARN) || format == null || marker == SUMMARY) {
			return FilterReply.NEUTRAL;
		}
		if (!logger.isEnabledFor(level)) {
			return FilterReply.NEUTRAL;
		}
		if (this.windows.size() > MAX_PATTERNS) {
			this.windows.clear();
		}
		String key = logger.getName() + '\u0000' + format;
		long now = this.nanoTime.getAsLong();
		Window window = this.windows.computeIfAbsent(key, (k) -> new Window(now));
		int suppressed = 0;
		synchronized (window) {
			if (now - window.start >= this.windowNanos) {
				suppressed = window.suppressed.getAndSet(0);
				window.start = now;
				window.count = 0;
			}
			window.count++;
			if (window.count > this.burst) {
				window.suppressed.incrementAndGet();
				return FilterReply.DENY;
			}
		}
		if (suppressed > 0) {
			logger.warn(SUMMARY, "{} more like the next line were left out in the last {} s", suppressed,
					this.windowNanos / 1_000_000_000L);
		}
		return FilterReply.NEUTRAL;
	}

	private static final class Window {

		private long start;

		private int count;

		private final AtomicInteger suppressed = new AtomicInteger();

		private Window(long start) {
			this.start = start;
		}

	}

}
