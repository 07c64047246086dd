package dev.latchkey.local;

import java.util.List;

/** A child program for the supervision tests: says its pid, then waits to be stopped. */
final class SleepingChild {

	private SleepingChild() {
	}

	public static void main(String[] args) throws InterruptedException {
		System.out.println("sleeping child, pid " + ProcessHandle.current().pid());
		Thread.sleep(Long.MAX_VALUE);
	}

	/** {@code java} arguments that run this class with the test class path. */
	static List<String> arguments() {
		return List.of("-Xmx32m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
				SleepingChild.class.getName());
	}

}
