package dev.latchkey.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A program in a JVM of its own (the schema registry, a Latchkey service), started with
 * this JVM's {@code java} and supervised:
 * <ul>
 * <li>if it exits while not being closed it is started again, after 1 s, doubling up to
 * 30 s while it keeps dying (back to 1 s once it has stayed up a minute); each restart is
 * one line on this JVM's standard output, and {@link #restarts()} counts them;</li>
 * <li>it exits by itself when this JVM is gone, even after {@code kill -9}: the
 * {@link ParentWatch} agent (written as {@value ParentWatch#JAR_NAME} into its working
 * directory) watches this JVM's pid;</li>
 * <li>its standard output and error go to a {@link RotatingLog};</li>
 * <li>{@link #close()} stops supervision, then the program: SIGTERM, forcibly after 20 s.
 * A JVM shutdown hook does the same should nobody close it.</li>
 * </ul>
 */
public final class ChildJvm implements AutoCloseable {

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

	private static final Duration FIRST_RESTART_DELAY = Duration.ofSeconds(1);

	private static final Duration MAX_RESTART_DELAY = Duration.ofSeconds(30);

	/** Up this long, a program counts as healthy again and the back-off starts over. */
	private static final Duration STABLE_UPTIME = Duration.ofSeconds(60);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final ScheduledExecutorService restarter = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "child-jvm-restarter");
		thread.setDaemon(true);
		return thread;
	});

	private final String name;

	private final ProcessBuilder builder;

	private final RotatingLog log;

	private final Thread shutdownHook;

	/** Guards the fields below: the exit callback, the restarter and close() race. */
	private final Object lock = new Object();

	private Process process;

	private Thread pump;

	private long startedAt;

	private Duration nextDelay = FIRST_RESTART_DELAY;

	private int restarts;

	private boolean awaitingReady;

	private boolean closed;

	private ScheduledFuture<?> pendingRestart;

	private ChildJvm(String name, ProcessBuilder builder, RotatingLog log) {
		this.name = name;
		this.builder = builder;
		this.log = log;
		this.shutdownHook = new Thread(this::stop, name + "-shutdown");
	}

	/**
	 * Launch {@code java <arguments>}.
	 * @param name what to call it in messages
	 * @param arguments JVM options, then {@code -jar <jar>} or a main class, then its
	 * arguments
	 * @param environment added to this JVM's environment
	 * @param workingDirectory created if needed
	 * @param log where its standard output and error go (appended, rotated by size)
	 * @return the running program
	 */
	public static ChildJvm launch(String name, List<String> arguments, Map<String, String> environment,
			Path workingDirectory, Path log) {
		try {
			Files.createDirectories(workingDirectory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot launch " + name, ex);
		}
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-javaagent:" + ParentWatch.writeJar(workingDirectory.toAbsolutePath()) + "="
				+ ProcessHandle.current().pid());
		command.addAll(arguments);
		ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.PIPE);
		// glibc gives each thread that allocates its own 64 MB malloc arena; a JVM has
		// dozens of threads, so this is resident memory nobody needs here.
		builder.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
		builder.environment().putAll(environment);
		ChildJvm child = new ChildJvm(name, builder, RotatingLog.configured(log));
		synchronized (child.lock) {
			try {
				child.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Cannot launch " + name, ex);
			}
		}
		Runtime.getRuntime().addShutdownHook(child.shutdownHook);
		return child;
	}

	/**
	 * Wait until {@code readiness} answers 200 and the process listening on its port is
	 * this program (where {@code /proc} tells; see {@link LoopbackPort#isHeldBy}). On
	 * failure — the program exited, another process answered, or the time ran out — it is
	 * stopped and the exception carries the tail of its log.
	 * @return how long it took
	 */
	public Duration awaitReady(URI readiness, Duration timeout) {
		Process watched;
		synchronized (this.lock) {
			watched = this.process;
			this.awaitingReady = true;
		}
		try {
			return awaitReady(watched, readiness, timeout);
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
		finally {
			synchronized (this.lock) {
				this.awaitingReady = false;
			}
		}
	}

	private Duration awaitReady(Process watched, URI readiness, Duration timeout) {
		HttpRequest request = HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(5)).build();
		long started = System.nanoTime();
		long deadline = started + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!watched.isAlive()) {
				throw new IllegalStateException(this.name + " exited with status " + watched.exitValue()
						+ " before becoming ready. Last lines of " + log() + ":\n" + tail());
			}
			try {
				if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					requireListenerIs(watched, readiness.getPort());
					return Duration.ofNanos(System.nanoTime() - started);
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for " + this.name, ex);
			}
			pause();
		}
		throw new IllegalStateException(this.name + " was not ready within " + timeout.toSeconds() + " s at "
				+ readiness + ". Last lines of " + log() + ":\n" + tail());
	}

	private void requireListenerIs(Process watched, int port) {
		if (!LoopbackPort.isHeldBy(port, watched.pid()).orElse(true)) {
			throw new IllegalStateException(
					this.name + " (pid " + watched.pid() + ") is not the process answering on port " + port
							+ LoopbackPort.holder(port).map((pid) -> " (that is pid " + pid + ")").orElse("")
							+ ": a process this launcher did not start holds the port. Stop it and start again.");
		}
	}

	/** The pid of the program's current run. */
	public long pid() {
		synchronized (this.lock) {
			return this.process.pid();
		}
	}

	/** How many times the program was started again after it exited on its own. */
	public int restarts() {
		synchronized (this.lock) {
			return this.restarts;
		}
	}

	/** The current log file (older ones are {@code <log>.1} … {@code <log>.N}). */
	public Path log() {
		return this.log.file();
	}

	/** The last 40 lines of its log. */
	public String tail() {
		return this.log.tail(40);
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

	/** Called with the lock held. */
	private void start() throws IOException {
		Process started = this.builder.start();
		this.process = started;
		this.startedAt = System.nanoTime();
		InputStream output = started.getInputStream();
		this.pump = new Thread(() -> pump(output), this.name + "-log");
		this.pump.setDaemon(true);
		this.pump.start();
		started.onExit().thenAccept(this::exited);
	}

	/**
	 * Copies the program's output into the log. It keeps reading even when the log cannot
	 * be written, because a child whose pipe is full blocks.
	 */
	private void pump(InputStream output) {
		byte[] buffer = new byte[8192];
		boolean reported = false;
		try (output) {
			for (int read = output.read(buffer); read >= 0; read = output.read(buffer)) {
				try {
					this.log.write(buffer, 0, read);
				}
				catch (IOException ex) {
					if (!reported) {
						reported = true;
						System.err.println("Cannot write " + log() + " (" + ex.getMessage() + "); output of "
								+ this.name + " is dropped");
					}
				}
			}
		}
		catch (IOException ex) {
			// The pipe closed: the program is gone.
		}
	}

	private void exited(Process exited) {
		synchronized (this.lock) {
			if (this.closed || this.awaitingReady || exited != this.process) {
				return;
			}
			Duration uptime = Duration.ofNanos(System.nanoTime() - this.startedAt);
			Duration delay = (uptime.compareTo(STABLE_UPTIME) >= 0) ? FIRST_RESTART_DELAY : this.nextDelay;
			this.nextDelay = min(delay.multipliedBy(2), MAX_RESTART_DELAY);
			this.restarts++;
			System.out.println(this.name + " (pid " + exited.pid() + ") exited with status " + exited.exitValue()
					+ "; restart #" + this.restarts + " in " + delay.toSeconds() + " s");
			this.pendingRestart = restarter.schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private void restart() {
		synchronized (this.lock) {
			if (this.closed) {
				return;
			}
			try {
				this.log.writeLine("[latchkey] starting " + this.name + " again (restart #" + this.restarts + ")");
			}
			catch (IOException ex) {
				// Only a marker for readers of the log.
			}
			try {
				start();
			}
			catch (IOException ex) {
				System.out.println("Cannot restart " + this.name + ": " + ex.getMessage() + "; next try in "
						+ this.nextDelay.toSeconds() + " s");
				this.pendingRestart = restarter.schedule(this::restart, this.nextDelay.toMillis(),
						TimeUnit.MILLISECONDS);
				this.nextDelay = min(this.nextDelay.multipliedBy(2), MAX_RESTART_DELAY);
			}
		}
	}

	private void stop() {
		Process running;
		Thread output;
		synchronized (this.lock) {
			// Supervision first, so that stopping it does not count as dying.
			this.closed = true;
			if (this.pendingRestart != null) {
				this.pendingRestart.cancel(false);
			}
			running = this.process;
			output = this.pump;
		}
		if (running.isAlive()) {
			// SIGTERM first: Spring Boot and Quarkus then shut down cleanly (H2, Kafka
			// clients).
			running.destroy();
			try {
				if (!running.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
					running.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				running.destroyForcibly();
			}
		}
		try {
			// Its last words, then the file.
			output.join(2000);
			this.log.close();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException ex) {
			// Nothing more will be written.
		}
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
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
		return this.name + " (pid " + pid() + ")";
	}

}
