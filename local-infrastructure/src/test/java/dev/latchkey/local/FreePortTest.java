package dev.latchkey.local;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FreePortTest {

	@Test
	void picksPortsBelowTheEphemeralRangeSoNoOutgoingConnectionCanHoldThem() {
		int ephemeralStart = FreePort.ephemeralRangeStart();
		for (int i = 0; i < 50; i++) {
			assertThat(FreePort.pick()).isBetween(10_000, ephemeralStart - 1);
		}
	}

	@Test
	void neverHandsOutTheSamePortTwice() {
		Set<Integer> ports = new HashSet<>();
		for (int i = 0; i < 200; i++) {
			assertThat(ports.add(FreePort.pick())).isTrue();
		}
	}

}
