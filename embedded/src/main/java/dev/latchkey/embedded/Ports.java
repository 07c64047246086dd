package dev.latchkey.embedded;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.latchkey.local.FreePort;

/** The ports of every part of the local system. */
record Ports(int kafka, int registry, int mongo, int demo, int collector, int vault, int status, int scanner,
		int demoOAuth) {

	/** The documented ports of the embedded default. */
	static Ports defaults() {
		return new Ports(9092, 8081, 27017, 9300, 8080, 8082, 8083, 8084, 9400);
	}

	/**
	 * Every port moved by {@code offset}, for a second system on the same machine (the
	 * launcher reads {@code LATCHKEY_PORT_OFFSET}).
	 */
	Ports shiftedBy(int offset) {
		return new Ports(kafka() + offset, registry() + offset, mongo() + offset, demo() + offset, collector() + offset,
				vault() + offset, status() + offset, scanner() + offset, demoOAuth() + offset);
	}

	/** Each component's port, by the name messages use, in the order of start. */
	Map<String, Integer> byComponent() {
		Map<String, Integer> ports = new LinkedHashMap<>();
		ports.put("Kafka broker", kafka());
		ports.put("schema registry", registry());
		ports.put("MongoDB (mongo-java-server)", mongo());
		ports.put("demo platform", demo());
		ports.put("demo OAuth server", demoOAuth());
		ports.put("vault-service", vault());
		ports.put("status-service", status());
		ports.put("scanner-service", scanner());
		ports.put("collector-service", collector());
		return ports;
	}

	/**
	 * Free ports outside the ephemeral range, for tests that must not collide with a
	 * running system or with the connections of the one they start.
	 */
	static Ports free() {
		return new Ports(freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort(),
				freePort());
	}

	private static int freePort() {
		return FreePort.pick();
	}

}
