package dev.latchkey.embedded.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The embedded default as an operator runs it: {@code java -jar embedded.jar} in a
 * process of its own on the default ports, its output in a file. The fault suite kills it
 * and its children from outside.
 */
final class RunningLauncher {

	/** How each component shows in its process's command line. */
	enum Component {

		VAULT("vault-service-", 8082, "/actuator/health/readiness"),
		COLLECTOR("collector-service-", 8080, "/actuator/health/readiness"),
		SCANNER("scanner-service-", 8084, "/actuator/health/readiness"),
		STATUS("status-service-", 8083, "/actuator/health/readiness"),
		REGISTRY("quarkus.http.port", 8081, "/health/ready");

		final String marker;

		final int port;

		final String readiness;

		Component(String marker, int port, String readiness) {
			this.marker = marker;
			this.port = port + PORT_OFFSET;
			this.readiness = readiness;
		}

	}

	/** Added to every default port ({@code -Dlatchkey.faults.port-offset}). */
	static final int PORT_OFFSET = Integer.getInteger("latchkey.faults.port-offset", 0);

	private final Path home;

	private final Path output;

	private Process process;

	private String token;

	RunningLauncher(Path home) {
		this.home = home;
		this.output = home.resolve("launcher.out");
	}

	/** Starts the launcher and returns once it printed that Latchkey is running. */
	RunningLauncher start(Duration timeout) {
		Path jar = jar();
		try {
			Files.createDirectories(this.home);
			ProcessBuilder builder = new ProcessBuilder(javaBinary(), "@embedded/launcher.jvm-options", "-jar",
					jar.toString())
				.directory(repositoryRoot().toFile())
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(this.output.toFile()));
			builder.environment().put("LATCHKEY_HOME", this.home.toString());
			builder.environment().put("MALLOC_ARENA_MAX", "2");
			builder.environment().put("LATCHKEY_PORT_OFFSET", Integer.toString(PORT_OFFSET));
			// One tenant submits every credential, as fast as the run goes: the
			// submission limits are not what this measures.
			builder.environment().put("LATCHKEY_COLLECTOR_LIMITS_MAX_INTEGRATIONS_PER_TENANT", "1000000");
			builder.environment().put("LATCHKEY_COLLECTOR_LIMITS_PER_TENANT_REQUESTS", "1000000");
			long before = Files.exists(this.output) ? Files.size(this.output) : 0;
			this.process = builder.start();
			Instant deadline = Instant.now().plus(timeout);
			while (Instant.now().isBefore(deadline)) {
				String printed = Files.readString(this.output, StandardCharsets.UTF_8).substring((int) before);
				Optional<String> token = printed.lines()
					.filter((line) -> line.trim().startsWith("export TOKEN="))
					.map((line) -> line.trim().substring("export TOKEN=".length()))
					.findFirst();
				if (printed.contains("Latchkey is running") && token.isPresent()) {
					this.token = token.get();
					return this;
				}
				if (!this.process.isAlive()) {
					throw new IllegalStateException(
							"The launcher exited with " + this.process.exitValue() + ":\n" + tail(printed));
				}
				Thread.sleep(250);
			}
			throw new IllegalStateException("The launcher did not start within " + timeout + ":\n"
					+ tail(Files.readString(this.output, StandardCharsets.UTF_8).substring((int) before)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	String token() {
		return this.token;
	}

	long pid() {
		return this.process.pid();
	}

	/** Every process the launcher started and still has. */
	List<ProcessHandle> children() {
		return this.process.descendants().filter(ProcessHandle::isAlive).toList();
	}

	/** The live process of a component, started by this launcher. */
	Optional<ProcessHandle> find(Component component) {
		return this.process.descendants()
			.filter(ProcessHandle::isAlive)
			.filter((child) -> child.info().commandLine().orElse("").contains(component.marker))
			.findFirst();
	}

	/** kill -9 of the launcher itself. */
	void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Ctrl+C: a graceful stop of everything. */
	void stop() {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(90, TimeUnit.SECONDS)) {
					this.process.descendants().forEach(ProcessHandle::destroyForcibly);
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	String output() {
		try {
			return Files.readString(this.output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static String tail(String text) {
		List<String> lines = text.lines().toList();
		return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
	}

	static Path repositoryRoot() {
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !Files.isDirectory(dir.resolve("collector-service"))) {
			dir = dir.getParent();
		}
		if (dir == null) {
			throw new IllegalStateException("Not inside the Latchkey checkout");
		}
		return dir;
	}

	private static Path jar() {
		Path target = repositoryRoot().resolve("embedded").resolve("target");
		try (Stream<Path> files = Files.list(target)) {
			List<Path> jars = new ArrayList<>(
					files.filter((file) -> file.getFileName().toString().matches("embedded-[^-]+.*\\.jar"))
						.filter((file) -> !file.getFileName().toString().contains("-plain"))
						.filter((file) -> !file.getFileName().toString().endsWith("-tests.jar"))
						.toList());
			if (jars.isEmpty()) {
				throw new IllegalStateException("No embedded jar in " + target + ": run ./mvnw -DskipTests package");
			}
			return jars.get(0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

}
