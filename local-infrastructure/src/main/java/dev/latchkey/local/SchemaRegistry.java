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
import java.util.Map;
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

	private final ChildJvm process;

	private final int port;

	private final Duration startupTime;

	private SchemaRegistry(ChildJvm process, int port, Duration startupTime) {
		this.process = process;
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
		ChildJvm process = ChildJvm.launch("Schema registry",
				List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
						"-Dquarkus.http.host=localhost", "-Dquarkus.http.port=" + httpPort,
						"-Dregistry.rules.global.compatibility=BACKWARD", "-jar", runnerJar.toString()),
				Map.of("REGISTRY_DATASOURCE_URL", "jdbc:h2:file:" + dir.resolve("registry")), dir, log);
		try {
			writePid(dir.resolve(PID_FILE), process.pid());
			Duration startupTime = process.awaitReady(URI.create(baseUrl(httpPort) + "/health/ready"), START_TIMEOUT);
			SchemaRegistry registry = new SchemaRegistry(process, httpPort, startupTime);
			registry.requireBackwardCompatibility();
			return registry;
		}
		catch (RuntimeException ex) {
			process.close();
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
		this.process.close();
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

	private static void writePid(Path pidFile, long pid) {
		try {
			Files.writeString(pidFile, String.valueOf(pid), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + pidFile, ex);
		}
	}

	private static String baseUrl(int port) {
		return "http://localhost:" + port;
	}

}
