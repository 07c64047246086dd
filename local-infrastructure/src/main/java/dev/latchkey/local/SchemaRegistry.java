package dev.latchkey.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Apicurio Registry run as a child process from its Maven Central distribution, with the
 * same {@code java} as this JVM. Schemas are kept in an H2 database file in the data
 * directory, so content ids survive a restart; a global BACKWARD compatibility rule is in
 * force. It runs as a supervised {@link ChildJvm} (restarted if it dies, gone when this
 * JVM is); its console output goes to {@code registry.log} in the data directory, rotated
 * by size.
 * <p>
 * The distribution is taken from {@code -Dlatchkey.registry.distribution} (the tar.gz, or
 * an unpacked copy) or else from the local Maven repository, and unpacked once into
 * {@code java.io.tmpdir/latchkey-distributions} (override with
 * {@code -Dlatchkey.registry.cache}).
 */
public final class SchemaRegistry implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

	private static final String LOG_FILE = "registry.log";

	/**
	 * The registry's JVM options, in one place: a small heap that starts smaller (it
	 * holds a few schemas, about 25 MB live; H2 keeps them on disk), bounded off-heap
	 * areas, exit (and be restarted) when out of memory, the serial collector and the C1
	 * compiler only, which start fastest and keep the footprint small.
	 */
	static final List<String> JVM_OPTIONS = List.of("-Xms32m", "-Xmx128m", "-XX:MinHeapFreeRatio=20",
			"-XX:MaxHeapFreeRatio=40", "-XX:MaxMetaspaceSize=128m", "-XX:ReservedCodeCacheSize=64m",
			"-XX:MaxDirectMemorySize=64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:+ExitOnOutOfMemoryError",
			"-Djdk.nio.maxCachedBufferSize=262144");

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
		List<String> arguments = new ArrayList<>(JVM_OPTIONS);
		arguments.addAll(List.of("-Dquarkus.http.host=localhost", "-Dquarkus.http.port=" + httpPort,
				"-Dregistry.rules.global.compatibility=BACKWARD", "-jar", runnerJar.toString()));
		ChildJvm process = ChildJvm.launch("schema-registry", arguments,
				// A registered schema is on disk when the registry answers: records
				// naming it may be written the next moment, and a kill -9 must not lose
				// it.
				Map.of("REGISTRY_DATASOURCE_URL", "jdbc:h2:file:" + dir.resolve("registry") + ";WRITE_DELAY=0"), dir,
				log);
		try {
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

	/**
	 * The registry's process, supervised: restarted if it dies.
	 * @return how many times it was restarted
	 */
	public int restarts() {
		return this.process.restarts();
	}

	public long pid() {
		return this.process.pid();
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

	private static String baseUrl(int port) {
		return "http://localhost:" + port;
	}

}
