package dev.latchkey.bench.profile;

import dev.latchkey.bench.Figures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HpkeCostTest {

	@Test
	void measuresTheCpuTimeOfASealAndAnOpenWithTheServicesSealer() {
		Figures figures = HpkeCost.measure(3, 3);

		double seal = Double.parseDouble(figures.get("seal_cpu_us"));
		double open = Double.parseDouble(figures.get("open_cpu_us"));
		assertThat(seal).isPositive();
		assertThat(open).isPositive();
		assertThat(Double.parseDouble(figures.get("seal_and_open_cpu_us"))).isCloseTo(seal + open, within(0.2));
		assertThat(figures.get("jit")).isIn("C1 only", "C1 and C2");
	}

}
