package dev.latchkey.embedded;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.latchkey.local.ChildJvm;

/**
 * One Latchkey service running from its own jar in a child JVM, configured through its
 * environment exactly as in production. Its output goes to {@code <logDir>/<name>.log}.
 */
final class ServiceProcess implements AutoCloseable {

	private final int port;

	private final ChildJvm jvm;

	private ServiceProcess(int port, ChildJvm jvm) {
		this.port = port;
		this.jvm = jvm;
	}

	static ServiceProcess launch(String name, Path jar, int port, Map<String, String> environment, Path logDir) {
		Map<String, String> env = new HashMap<>(environment);
		env.put("PORT", Integer.toString(port));
		ChildJvm jvm = ChildJvm.launch(name,
				List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
						"-Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.latchkey.schemas", "-jar", jar.toString()),
				env, logDir, logDir.resolve(name + ".log"));
		return new ServiceProcess(port, jvm);
	}

	/** Waits until the service reports ready, or fails with the tail of its log. */
	void awaitReady(Duration timeout) {
		this.jvm.awaitReady(URI.create(url() + "/actuator/health/readiness"), timeout);
	}

	String url() {
		return "http://localhost:" + this.port;
	}

	Path log() {
		return this.jvm.log();
	}

	long pid() {
		return this.jvm.pid();
	}

	@Override
	public void close() {
		this.jvm.close();
	}

}
