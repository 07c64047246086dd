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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A program in a JVM of its own (the schema registry, a Latchkey service), started with
 * this JVM's {@code java}, its output in a log file. It is stopped gracefully (SIGTERM,
 * then forcibly) on {@link #close()} and, should nobody close it, when this JVM exits.
 */
public final class ChildJvm implements AutoCloseable {

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String name;

	private final Process process;

	private final Path log;

	private final Thread shutdownHook;

	private ChildJvm(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
		this.shutdownHook = new Thread(this::stop, name + "-shutdown");
		Runtime.getRuntime().addShutdownHook(this.shutdownHook);
	}

	/**
	 * Launch {@code java <arguments>}.
	 * @param name what to call it in messages
	 * @param arguments JVM options, then {@code -jar <jar>} or a main class, then its
	 * arguments
	 * @param environment added to this JVM's environment
	 * @param workingDirectory created if needed
	 * @param log where its standard output and error go (appended)
	 * @return the running program
	 */
	public static ChildJvm launch(String name, List<String> arguments, Map<String, String> environment,
			Path workingDirectory, Path log) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		builder.environment().putAll(environment);
		try {
			Files.createDirectories(workingDirectory);
			Files.createDirectories(log.toAbsolutePath().getParent());
			return new ChildJvm(name, builder.start(), log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot launch " + name, ex);
		}
	}

	/**
	 * Wait until {@code readiness} answers 200. On failure — the program exited, or the
	 * time ran out — it is stopped and the exception carries the tail of its log.
	 * @return how long it took
	 */
	public Duration awaitReady(URI readiness, Duration timeout) {
		HttpRequest request = HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(5)).build();
		long started = System.nanoTime();
		long deadline = started + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited with status " + this.process.exitValue()
						+ " before becoming ready. Last lines of " + this.log + ":\n" + tail());
			}
			try {
				if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return Duration.ofNanos(System.nanoTime() - started);
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				close();
				throw new IllegalStateException("Interrupted while waiting for " + this.name, ex);
			}
			pause();
		}
		close();
		throw new IllegalStateException(this.name + " was not ready within " + timeout.toSeconds() + " s at "
				+ readiness + ". Last lines of " + this.log + ":\n" + tail());
	}

	public long pid() {
		return this.process.pid();
	}

	public Path log() {
		return this.log;
	}

	/** The last 40 lines of its log. */
	public String tail() {
		try {
			List<String> lines = new String(Files.readAllBytes(this.log), StandardCharsets.UTF_8).lines().toList();
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() {
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// The JVM is already shutting down and the hook is running or has run.
		}
		stop();
	}

	private void stop() {
		if (!this.process.isAlive()) {
			return;
		}
		// SIGTERM first: Spring Boot and Quarkus then shut down cleanly (H2, Kafka
		// clients).
		this.process.destroy();
		try {
			if (!this.process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	private static void pause() {
		try {
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public String toString() {
		return this.name + " (pid " + this.process.pid() + ")";
	}

}
