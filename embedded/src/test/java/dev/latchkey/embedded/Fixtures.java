package dev.latchkey.embedded;

import java.util.UUID;

/** Test data of the end-to-end tests. */
final class Fixtures {

	private Fixtures() {
	}

	static String aWorkingDemoKey() {
		return "demo_live_" + UUID.randomUUID().toString().replace("-", "");
	}

	static String aRejectedDemoKey() {
		return "demo_bad_" + UUID.randomUUID().toString().replace("-", "");
	}

	static String demoCredential(String apiKey) {
		return "{\"fields\":{\"api_key\":\"" + apiKey + "\"}}";
	}

	static String demoCredential(String name, String apiKey) {
		return "{\"name\":\"" + name + "\",\"fields\":{\"api_key\":\"" + apiKey + "\"}}";
	}

}
