package dev.latchkey.local;

import java.nio.file.Path;
import java.util.Map;

/**
 * A launcher in miniature for {@link ChildJvmIT}: starts a {@link SleepingChild} through
 * {@link ChildJvm} in the directory given as argument, prints the child's pid, and waits
 * to be killed.
 */
final class LaunchingParent {

	private LaunchingParent() {
	}

	public static void main(String[] args) throws InterruptedException {
		Path dir = Path.of(args[0]);
		ChildJvm child = ChildJvm.launch("sleeping-child", SleepingChild.arguments(), Map.of(), dir,
				dir.resolve("child.log"));
		System.out.println(child.pid());
		Thread.sleep(Long.MAX_VALUE);
	}

}
