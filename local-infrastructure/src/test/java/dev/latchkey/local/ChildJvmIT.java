package dev.latchkey.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class ChildJvmIT {

	@TempDir
	Path dir;

	@Test
	void aChildThatIsKilledIsStartedAgainAndCounted() throws Exception {
		PrintStream launcherOutput = System.out;
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
		try (ChildJvm child = launchSleepingChild()) {
			long first = child.pid();
			kill(first);
			await(() -> child.restarts() == 1 && child.pid() != first, Duration.ofSeconds(15));
			awaitRunning(child);

			long second = child.pid();
			kill(second);
			await(() -> child.restarts() == 2 && child.pid() != second, Duration.ofSeconds(15));
			awaitRunning(child);

			assertThat(printed.toString(StandardCharsets.UTF_8)).contains(
					"sleeping-child (pid " + first + ") exited with status 137; restart #1 in 1 s",
					"sleeping-child (pid " + second + ") exited with status 137; restart #2 in 2 s");
			assertThat(Files.readString(child.log())).contains("sleeping child, pid " + first,
					"[latchkey] starting sleeping-child again (restart #1)", "sleeping child, pid " + child.pid());
		}
		finally {
			System.setOut(launcherOutput);
		}
	}

	@Test
	void closingStopsSupervisionBeforeTheChild() throws Exception {
		ChildJvm child = launchSleepingChild();
		long pid = child.pid();

		child.close();

		assertThat(isAlive(pid)).isFalse();
		Thread.sleep(1500);
		assertThat(child.restarts()).isZero();
		assertThat(child.pid()).isEqualTo(pid);
	}

	@Test
	void aChildExitsWhenItsParentJvmIsKilled() throws Exception {
		Process parent = LaunchingParent.start(this.dir.toString());
		try {
			long childPid = LaunchingParent.childPid(parent);
			assertThat(isAlive(childPid)).isTrue();

			parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

			await(() -> !isAlive(childPid), Duration.ofSeconds(5));
		}
		finally {
			parent.destroyForcibly();
		}
	}

	@Test
	void readinessAnsweredByAnotherProcessIsRefused() throws Exception {
		assumeThat(Path.of("/proc/net/tcp")).as("/proc tells who listens (Linux)").exists();
		HttpServer impostor = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		impostor.createContext("/ready", (exchange) -> {
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		impostor.start();
		ChildJvm child = launchSleepingChild();
		try {
			URI readiness = URI.create("http://localhost:" + impostor.getAddress().getPort() + "/ready");

			assertThatThrownBy(() -> child.awaitReady(readiness, Duration.ofSeconds(10)))
				.hasMessageContaining("is not the process answering on port " + impostor.getAddress().getPort())
				.hasMessageContaining("pid " + ProcessHandle.current().pid())
				.hasMessageContaining("did not start");
			assertThat(isAlive(child.pid())).as("stopped after the refusal").isFalse();
		}
		finally {
			child.close();
			impostor.stop(0);
		}
	}

	private ChildJvm launchSleepingChild() throws Exception {
		ChildJvm child = ChildJvm.launch("sleeping-child", SleepingChild.arguments(), Map.of(), this.dir,
				this.dir.resolve("child.log"));
		awaitRunning(child);
		return child;
	}

	/** Its main method has run: killed before, a child would not be the one meant. */
	private static void awaitRunning(ChildJvm child) throws InterruptedException {
		await(() -> contains(child.log(), "sleeping child, pid " + child.pid()), Duration.ofSeconds(15));
	}

	private static boolean contains(Path file, String text) {
		try {
			return Files.exists(file) && Files.readString(file).contains(text);
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void kill(long pid) {
		ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
	}

	private static boolean isAlive(long pid) {
		return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
	}

	private static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("still waiting after " + timeout).isLessThan(deadline);
			Thread.sleep(50);
		}
	}

}
