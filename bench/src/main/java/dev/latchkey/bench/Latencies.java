package dev.latchkey.bench;

import java.util.Arrays;

/** Latencies in nanoseconds, sorted once, read as percentiles in milliseconds. */
public final class Latencies {

	private final long[] sorted;

	public Latencies(long[] nanos) {
		this.sorted = nanos.clone();
		Arrays.sort(this.sorted);
	}

	public int count() {
		return this.sorted.length;
	}

	/**
	 * The nearest-rank percentile: the smallest latency that at least {@code percent} of
	 * all are at or below; NaN when there are none.
	 */
	public double percentileMillis(double percent) {
		if (this.sorted.length == 0) {
			return Double.NaN;
		}
		int rank = (int) Math.ceil(percent / 100.0 * this.sorted.length);
		return this.sorted[Math.max(0, Math.min(rank, this.sorted.length) - 1)] / 1e6;
	}

	public double maxMillis() {
		return this.sorted.length == 0 ? Double.NaN : this.sorted[this.sorted.length - 1] / 1e6;
	}

}
