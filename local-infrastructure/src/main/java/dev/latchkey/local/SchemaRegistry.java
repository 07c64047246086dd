package dev.latchkey.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Apicurio Registry run as a child process from its Maven Central distribution, with the
 * same {@code java} as this JVM. Schemas are kept in an H2 database file in the data
 * directory, so content ids survive a restart; a global BACKWARD compatibility rule is in
 * force. The registry's console output goes to {@code registry.log} in the data
 * directory.
 * <p>
 * The distribution is taken from {@code -Dlatchkey.registry.distribution} (the tar.gz, or
 * an unpacked copy) or else from the local Maven repository, and unpacked once into
 * {@code java.io.tmpdir/latchkey-distributions} (override with
 * {@code -Dlatchkey.registry.cache}).
 */
public final class SchemaRegistry implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

	private static final String LOG_FILE = "registry.log";

	private static final String PID_FILE = "registry.pid";

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Process process;

	private final Thread shutdownHook;

	private final int port;

	private final Duration startupTime;

	private SchemaRegistry(Process process, Thread shutdownHook, int port, Duration startupTime) {
		this.process = process;
		this.shutdownHook = shutdownHook;
		this.port = port;
		this.startupTime = startupTime;
	}

	/**
	 * Start a registry and wait until it is ready.
	 * @param dataDir where the database and the log file live; created if needed
	 * @param port the HTTP port, or {@code 0} for a free one
	 * @return the running registry
	 */
	public static SchemaRegistry start(Path dataDir, int port) {
		Path runnerJar = RegistryDistribution.runnerJar();
		int httpPort = FreePort.orGiven(port);
		Path dir = dataDir.toAbsolutePath();
		Path log = dir.resolve(LOG_FILE);
		stopLeftover(dir.resolve(PID_FILE), runnerJar);
		long started = System.nanoTime();
		Process process = launch(runnerJar, dir, log, httpPort);
		Thread shutdownHook = new Thread(() -> stop(process), "schema-registry-shutdown");
		Runtime.getRuntime().addShutdownHook(shutdownHook);
		try {
			writePid(dir.resolve(PID_FILE), process);
			SchemaRegistry registry = new SchemaRegistry(process, shutdownHook, httpPort,
					awaitReady(process, httpPort, log, started));
			registry.requireBackwardCompatibility();
			return registry;
		}
		catch (RuntimeException ex) {
			removeHook(shutdownHook);
			stop(process);
			throw ex;
		}
	}

	/**
	 * The base of the registry's v2 REST API.
	 * @return for example {@code http://localhost:8081/apis/registry/v2}
	 */
	public String url() {
		return baseUrl(this.port) + "/apis/registry/v2";
	}

	/**
	 * How long the registry took from process launch until it reported ready.
	 * @return the start-up time
	 */
	public Duration startupTime() {
		return this.startupTime;
	}

	@Override
	public void close() {
		removeHook(this.shutdownHook);
		stop(this.process);
	}

	private static Process launch(Path runnerJar, Path dir, Path log, int httpPort) {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = List.of(java, "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
				"-Dquarkus.http.host=localhost", "-Dquarkus.http.port=" + httpPort,
				"-Dregistry.rules.global.compatibility=BACKWARD", "-jar", runnerJar.toString());
		ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		builder.environment().put("REGISTRY_DATASOURCE_URL", "jdbc:h2:file:" + dir.resolve("registry"));
		try {
			Files.createDirectories(dir);
			return builder.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot launch the schema registry: " + command, ex);
		}
	}

	private static Duration awaitReady(Process process, int port, Path log, long started) {
		HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl(port) + "/health/ready"))
			.timeout(Duration.ofSeconds(2))
			.build();
		long deadline = started + START_TIMEOUT.toNanos();
		while (System.nanoTime() < deadline) {
			if (!process.isAlive()) {
				throw new IllegalStateException("Schema registry exited with status " + process.exitValue()
						+ " before becoming ready. Last lines of " + log + ":\n" + tail(log));
			}
			try {
				if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return Duration.ofNanos(System.nanoTime() - started);
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				stop(process);
				throw new IllegalStateException("Interrupted while waiting for the schema registry", ex);
			}
			pause();
		}
		stop(process);
		throw new IllegalStateException("Schema registry was not ready within " + START_TIMEOUT.toSeconds()
				+ " s on port " + port + ". Last lines of " + log + ":\n" + tail(log));
	}

	/**
	 * The global rule is configured by {@code registry.rules.global.compatibility}; this
	 * checks that it took effect and stores it explicitly if it did not.
	 */
	private void requireBackwardCompatibility() {
		String rules = send(HttpRequest.newBuilder(URI.create(url() + "/admin/rules")).GET());
		if (rules.contains("COMPATIBILITY")) {
			return;
		}
		send(HttpRequest.newBuilder(URI.create(url() + "/admin/rules"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"COMPATIBILITY\",\"config\":\"BACKWARD\"}")));
	}

	private static String send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() / 100 != 2) {
				throw new IllegalStateException(
						"Schema registry answered " + response.statusCode() + ": " + response.body());
			}
			return response.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void stop(Process process) {
		if (!process.isAlive()) {
			return;
		}
		// SIGTERM first: Quarkus then closes the H2 database cleanly.
		process.destroy();
		try {
			if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
		}
	}

	/**
	 * A registry left running by a JVM that was killed would hold the port and the H2
	 * lock of this data directory: stop it if it is still there.
	 */
	private static void stopLeftover(Path pidFile, Path runnerJar) {
		try {
			if (!Files.isRegularFile(pidFile)) {
				return;
			}
			long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).trim());
			ProcessHandle.of(pid)
				.filter((leftover) -> leftover.info()
					.commandLine()
					.map((commandLine) -> commandLine.contains(runnerJar.toString()))
					.orElse(false))
				.ifPresent((leftover) -> {
					leftover.destroy();
					leftover.onExit().orTimeout(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS).exceptionally((ex) -> {
						leftover.destroyForcibly();
						return leftover;
					}).join();
				});
		}
		catch (IOException | NumberFormatException ex) {
			// No usable pid file: nothing to clean up.
		}
	}

	private static void writePid(Path pidFile, Process process) {
		try {
			Files.writeString(pidFile, String.valueOf(process.pid()), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + pidFile, ex);
		}
	}

	private static void removeHook(Thread shutdownHook) {
		try {
			Runtime.getRuntime().removeShutdownHook(shutdownHook);
		}
		catch (IllegalStateException ex) {
			// The JVM is already shutting down and the hook is running or has run.
		}
	}

	private static String baseUrl(int port) {
		return "http://localhost:" + port;
	}

	private static void pause() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String tail(Path log) {
		try {
			List<String> lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

}
