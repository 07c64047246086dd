package dev.latchkey.bench.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ArrivalsTest {

	@Test
	void record_timestampsFirstAppearanceAndFirstVerdictOfOwnNamesOnly() {
		Arrivals arrivals = new Arrivals("c16", 3);

		arrivals.record(snapshot(), 10);
		arrivals.record(change(Arrivals.name("c16", 1), "PENDING_VERIFICATION"), 20);
		arrivals.record(change(Arrivals.name("c16", 1), "ACTIVE"), 30);
		arrivals.record(change(Arrivals.name("c16", 1), "ACTIVE"), 40);

		assertThat(arrivals.visibleAt(0)).isEqualTo(10);
		assertThat(arrivals.settledAt(0)).isZero();
		assertThat(arrivals.visibleAt(1)).isEqualTo(20);
		assertThat(arrivals.settledAt(1)).isEqualTo(30);
		assertThat(arrivals.visibleAt(2)).isZero();
	}

	private static String snapshot() {
		return "{\"providers\":[\"demo\"],\"integrations\":[" + detail(Arrivals.name("c16", 0), "PENDING_VERIFICATION")
				+ "," + detail("c64-000000", "ACTIVE") + "," + detail(Arrivals.name("c16", 7), "ACTIVE") + "]}";
	}

	private static String change(String name, String state) {
		return "{\"integrationId\":\"int_x\",\"provider\":\"demo\",\"name\":\"" + name
				+ "\",\"removed\":false,\"integration\":" + detail(name, state) + "}";
	}

	private static String detail(String name, String state) {
		return "{\"integrationId\":\"int_x\",\"provider\":\"demo\",\"name\":\"" + name + "\",\"state\":\"" + state
				+ "\",\"usable\":false,\"version\":1,\"publicFields\":{},\"reason\":\"RECEIVED\"}";
	}

}
