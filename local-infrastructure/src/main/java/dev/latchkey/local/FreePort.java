package dev.latchkey.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Picks a TCP port that is free right now, for a server that binds it later.
 * <p>
 * Ports are taken from below the kernel's ephemeral range
 * ({@code /proc/sys/net/ipv4/ip_local_port_range}, 32768–60999 by default): a port the
 * kernel hands out for {@code bind(0)} is also one it hands to outgoing connections, so
 * between the pick and a server's bind a minute later (a broker and a registry start
 * first) a Kafka client's connection could hold it. Below that range only another
 * listener can take it. Each port is handed out once per JVM.
 */
public final class FreePort {

	private static final int LOWEST = 10_000;

	private static final int ATTEMPTS = 1_000;

	private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

	private FreePort() {
	}

	static int orGiven(int port) {
		return (port != 0) ? port : pick();
	}

	/** A port free on every interface and outside the ephemeral range. */
	public static int pick() {
		int below = ephemeralRangeStart();
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
			if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
				return port;
			}
		}
		throw new UncheckedIOException(new IOException(
				"No free TCP port between " + LOWEST + " and " + below + " after " + ATTEMPTS + " attempts"));
	}

	private static boolean bindable(int port) {
		try (ServerSocket any = new ServerSocket()) {
			any.bind(new InetSocketAddress(port), 1);
		}
		catch (IOException ex) {
			return false;
		}
		try (ServerSocket loopback = new ServerSocket()) {
			loopback.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	static int ephemeralRangeStart() {
		try {
			String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
			int start = Integer.parseInt(range.split("\\s+")[0]);
			return (start > LOWEST + 1_000) ? start : 32_768;
		}
		catch (IOException | RuntimeException ex) {
			return 32_768;
		}
	}

}
