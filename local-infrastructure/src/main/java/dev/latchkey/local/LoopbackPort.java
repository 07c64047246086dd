package dev.latchkey.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Who holds a TCP port on the loopback interface. A launcher uses it to refuse, with a
 * message an operator can act on, to start next to a process it did not start (the orphan
 * of a killed launcher, another program), and to prove that what answers on a child's
 * port is that child.
 * <p>
 * The holder's pid is read from {@code /proc} (Linux): the listening socket's inode from
 * {@code /proc/net/tcp} and {@code tcp6}, then the process with a descriptor on it. Where
 * that is not possible the answers are empty, and only "free or not" is known.
 */
public final class LoopbackPort {

	private static final Path PROC = Path.of("/proc");

	private static final String LISTEN = "0A";

	private LoopbackPort() {
	}

	/**
	 * Waits until the port can be bound on the loopback interface, for example while the
	 * children of a killed launcher are still exiting.
	 * @param component what is about to use the port, for the message
	 * @param port the port; {@code 0} (any free port) returns at once
	 * @param patience how long to wait for the port to become free
	 * @throws IllegalStateException naming the component, the port and, where known, the
	 * process holding it
	 */
	public static void awaitFree(String component, int port, Duration patience) {
		if (port == 0) {
			return;
		}
		long deadline = System.nanoTime() + patience.toNanos();
		while (!isFree(port)) {
			if (System.nanoTime() >= deadline) {
				throw new IllegalStateException(
						component + " cannot start: port " + port + " is held by a process this launcher did not start"
								+ describeHolder(port) + ". Stop that process and start again.");
			}
			try {
				Thread.sleep(250);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for port " + port, ex);
			}
		}
	}

	/**
	 * Whether a server socket can be bound to the port on the loopback interface right
	 * now (a listener on the wildcard address also counts as holding it).
	 */
	public static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * The process listening on the port, where {@code /proc} tells.
	 * @return its pid, or empty when nobody listens or it cannot be found out
	 */
	public static Optional<Long> holder(int port) {
		Set<String> sockets = listeningSockets(port);
		if (sockets.isEmpty()) {
			return Optional.empty();
		}
		try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, "[0-9]*")) {
			for (Path process : processes) {
				if (holdsAny(process, sockets)) {
					return Optional.of(Long.parseLong(process.getFileName().toString()));
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// Not Linux, or /proc not readable: unknown.
		}
		return Optional.empty();
	}

	/**
	 * Whether the process listening on the port is {@code pid}.
	 * @return empty when {@code /proc} cannot tell
	 */
	public static Optional<Boolean> isHeldBy(int port, long pid) {
		Set<String> sockets = listeningSockets(port);
		if (sockets.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(holdsAny(PROC.resolve(Long.toString(pid)), sockets));
	}

	private static String describeHolder(int port) {
		return holder(port)
			.map((pid) -> " (pid " + pid
					+ ProcessHandle.of(pid)
						.flatMap((process) -> process.info().commandLine())
						.map((command) -> ": " + abbreviate(command))
						.orElse("")
					+ ")")
			.orElse("");
	}

	private static String abbreviate(String command) {
		return (command.length() <= 160) ? command : command.substring(0, 157) + "...";
	}

	/** The inodes of the sockets listening on the port, as {@code socket:[inode]}. */
	private static Set<String> listeningSockets(int port) {
		Set<String> sockets = new HashSet<>();
		String localPort = String.format(":%04X", port);
		for (String table : List.of("net/tcp", "net/tcp6")) {
			try (Stream<String> lines = Files.lines(PROC.resolve(table))) {
				lines.skip(1)
					.map((line) -> line.trim().split("\\s+"))
					.filter((fields) -> fields.length > 9)
					// local_address is HEXIP:HEXPORT, st is the state
					.filter((fields) -> fields[1].endsWith(localPort) && LISTEN.equals(fields[3]))
					.forEach((fields) -> sockets.add("socket:[" + fields[9] + "]"));
			}
			catch (IOException | RuntimeException ex) {
				// Not Linux, or no IPv6: nothing from this table.
			}
		}
		return sockets;
	}

	private static boolean holdsAny(Path process, Set<String> sockets) {
		try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(process.resolve("fd"))) {
			for (Path descriptor : descriptors) {
				try {
					if (sockets.contains(Files.readSymbolicLink(descriptor).toString())) {
						return true;
					}
				}
				catch (IOException ex) {
					// Closed meanwhile.
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// Gone, or another user's process.
		}
		return false;
	}

}
