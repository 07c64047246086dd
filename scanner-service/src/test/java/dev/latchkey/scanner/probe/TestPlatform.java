package dev.latchkey.scanner.probe;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;

/**
 * A platform that answers every request the same way, after a delay: for the answers the
 * demo platform never gives (slow, failing, huge).
 */
public final class TestPlatform implements AutoCloseable {

	private final HttpServer server;

	private TestPlatform(HttpServer server) {
		this.server = server;
	}

	public static TestPlatform answering(int status, byte[] body, Duration delay) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.setExecutor(Executors.newCachedThreadPool((task) -> {
				Thread thread = new Thread(task, "test-platform");
				thread.setDaemon(true);
				return thread;
			}));
			server.createContext("/", (exchange) -> {
				try (exchange) {
					Thread.sleep(delay.toMillis());
					exchange.getResponseHeaders().set("Location", "http://localhost:1/elsewhere");
					exchange.sendResponseHeaders(status, (body.length > 0) ? body.length : -1);
					if (body.length > 0) {
						try (OutputStream out = exchange.getResponseBody()) {
							out.write(body);
						}
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
			server.start();
			return new TestPlatform(server);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public static TestPlatform slow(Duration delay) {
		return answering(200, "{\"ok\":true}".getBytes(), delay);
	}

	/** A base URL on which nothing listens. */
	public static String down() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return "http://localhost:" + socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String baseUrl() {
		return "http://localhost:" + this.server.getAddress().getPort();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
