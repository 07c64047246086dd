package dev.latchkey.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A launcher in miniature for the tests that kill it: starts, in the directory given as
 * first argument, a {@link SleepingChild} through {@link ChildJvm} or, with a second
 * argument {@code registry}, a {@link SchemaRegistry}; prints the child's pid and waits
 * to be killed.
 */
final class LaunchingParent {

	private LaunchingParent() {
	}

	public static void main(String[] args) throws InterruptedException {
		Path dir = Path.of(args[0]);
		if (args.length > 1 && "registry".equals(args[1])) {
			System.out.println(SchemaRegistry.start(dir, 0).pid());
		}
		else {
			System.out.println(ChildJvm
				.launch("sleeping-child", SleepingChild.arguments(), Map.of(), dir, dir.resolve("child.log"))
				.pid());
		}
		Thread.sleep(Long.MAX_VALUE);
	}

	/**
	 * Starts this class in a JVM of its own, with the test class path and the settings
	 * that find the registry distribution.
	 */
	static Process start(String... args) throws IOException {
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m"));
		for (String property : List.of("maven.repo.local", "latchkey.registry.distribution",
				"latchkey.registry.cache")) {
			if (System.getProperty(property) != null) {
				command.add("-D" + property + "=" + System.getProperty(property));
			}
		}
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), LaunchingParent.class.getName()));
		command.addAll(List.of(args));
		return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
	}

	/** The pid the started parent prints. */
	static long childPid(Process parent) throws IOException {
		BufferedReader output = new BufferedReader(
				new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8));
		for (String line = output.readLine(); line != null; line = output.readLine()) {
			if (line.trim().matches("\\d+")) {
				return Long.parseLong(line.trim());
			}
		}
		throw new IllegalStateException("The parent JVM exited without starting a child");
	}

}
