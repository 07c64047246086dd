package dev.latchkey.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A Java agent that ends its JVM when the JVM that launched it is gone, even when that
 * one was killed with {@code kill -9} and could run no shutdown hook. {@link ChildJvm}
 * passes it to every child as {@code -javaagent:<jar>=<parent pid>}; it works for any
 * program, the Quarkus registry included, without touching its code. (Linux's
 * {@code PR_SET_PDEATHSIG} would be immediate but is out of Java's reach.)
 * <p>
 * The agent jar holds this one class only: it must use nothing but the JDK.
 */
public final class ParentWatch {

	static final String JAR_NAME = "parent-watch.jar";

	private static final long POLL_MILLIS = 500;

	/** How long the child's own shutdown (hooks, Spring, Quarkus) may take. */
	private static final long SHUTDOWN_MILLIS = 10_000;

	private ParentWatch() {
	}

	/**
	 * Starts watching.
	 * @param parentPid the launching JVM's pid
	 */
	public static void premain(String parentPid) {
		// The handle remembers the parent's start time, so a reused pid does not count
		// as the parent being alive.
		Optional<ProcessHandle> parent = ProcessHandle.of(Long.parseLong(parentPid.trim()));
		Thread watch = new Thread(() -> watch(parent), "latchkey-parent-watch");
		watch.setDaemon(true);
		watch.start();
	}

	private static void watch(Optional<ProcessHandle> parent) {
		while (parent.map(ProcessHandle::isAlive).orElse(false)) {
			try {
				Thread.sleep(POLL_MILLIS);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
		System.err.println("The Latchkey launcher is gone: stopping.");
		// System.exit blocks until the shutdown hooks are done: from a thread of its own,
		// so that this one can still halt a shutdown that hangs.
		new Thread(() -> System.exit(1), "latchkey-parent-gone").start();
		try {
			Thread.sleep(SHUTDOWN_MILLIS);
		}
		catch (InterruptedException ex) {
			// Halt now.
		}
		Runtime.getRuntime().halt(1);
	}

	/**
	 * Writes the agent jar into {@code dir} unless an identical one is already there. The
	 * class bytes come from this class's own resource, which is readable from a
	 * directory, a plain jar and a Spring Boot fat jar alike.
	 * @return the jar
	 */
	static Path writeJar(Path dir) {
		Path jar = dir.resolve(JAR_NAME);
		try {
			byte[] content = jarBytes();
			if (Files.isRegularFile(jar) && Arrays.equals(Files.readAllBytes(jar), content)) {
				return jar;
			}
			Files.createDirectories(dir);
			// Written aside and moved, so that a child starting right now never sees half
			// a
			// jar.
			Path partial = Files.createTempFile(dir, JAR_NAME, ".partial");
			Files.write(partial, content);
			Files.move(partial, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			return jar;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write the parent-watch agent to " + jar, ex);
		}
	}

	private static byte[] jarBytes() throws IOException {
		String entry = ParentWatch.class.getName().replace('.', '/') + ".class";
		byte[] classBytes;
		try (InputStream in = ParentWatch.class.getResourceAsStream("/" + entry)) {
			if (in == null) {
				throw new IOException("The bytes of " + entry + " are not readable from this class path");
			}
			classBytes = in.readAllBytes();
		}
		Manifest manifest = new Manifest();
		manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
		manifest.getMainAttributes().put(new Attributes.Name("Premain-Class"), ParentWatch.class.getName());
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (JarOutputStream jar = new JarOutputStream(bytes)) {
			// Fixed entry times, so that the same class always gives the same jar.
			jar.putNextEntry(entryAtEpoch(JarFile.MANIFEST_NAME));
			manifest.write(jar);
			jar.closeEntry();
			jar.putNextEntry(entryAtEpoch(entry));
			jar.write(classBytes);
			jar.closeEntry();
		}
		return bytes.toByteArray();
	}

	private static JarEntry entryAtEpoch(String name) {
		JarEntry entry = new JarEntry(name);
		entry.setTime(0);
		return entry;
	}

}
