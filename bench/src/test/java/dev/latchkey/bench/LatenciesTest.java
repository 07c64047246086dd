package dev.latchkey.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatenciesTest {

	@Test
	void percentile_isTheNearestRankInMilliseconds() {
		long[] nanos = new long[100];
		for (int i = 0; i < 100; i++) {
			nanos[i] = (100 - i) * 1_000_000L;
		}
		Latencies latencies = new Latencies(nanos);

		assertThat(latencies.percentileMillis(50)).isEqualTo(50.0);
		assertThat(latencies.percentileMillis(99)).isEqualTo(99.0);
		assertThat(latencies.maxMillis()).isEqualTo(100.0);
	}

	@Test
	void percentile_ofNothingIsNotANumber() {
		assertThat(new Latencies(new long[0]).percentileMillis(99)).isNaN();
	}

}
