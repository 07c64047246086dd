package dev.latchkey.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Picks a TCP port that is free on the loopback interface right now. Another process may
 * take it before we bind, which is an accepted risk for local infrastructure.
 */
final class FreePort {

	private FreePort() {
	}

	static int orGiven(int port) {
		return (port != 0) ? port : pick();
	}

	static int pick() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free TCP port on the loopback interface", ex);
		}
	}

}
