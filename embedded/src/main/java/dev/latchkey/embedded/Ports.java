package dev.latchkey.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** The ports of every part of the local system. */
record Ports(int kafka, int registry, int mongo, int demo, int collector, int vault, int status, int scanner,
		int demoOAuth) {

	/** The documented ports of the embedded default. */
	static Ports defaults() {
		return new Ports(9092, 8081, 27017, 9300, 8080, 8082, 8083, 8084, 9400);
	}

	/** Free ports, for tests that must not collide with a running system. */
	static Ports free() {
		return new Ports(freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort(), freePort(),
				freePort());
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
