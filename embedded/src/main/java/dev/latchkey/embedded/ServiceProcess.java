package dev.latchkey.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.latchkey.local.ChildJvm;

/**
 * One Latchkey service running from its own jar in a supervised child JVM (restarted if
 * it dies, gone when the launcher is), configured through its environment exactly as in
 * production. Its output goes to {@code <logDir>/<name>.log}, rotated by size.
 */
final class ServiceProcess implements AutoCloseable {

	/**
	 * The services' JVM options, in one place. The heap starts small and grows with the
	 * working set (about 25 MB live, even after thousands of integrations): with the
	 * default initial size, a sixty-fourth of the machine's memory, a service fills its
	 * whole heap with garbage before it first collects the old generation; after a full
	 * collection 20–40 % of it stays free (by default 40–70 %). The young generation is
	 * at most 12 MB: by default a third of the heap, and every page of it is touched
	 * between collections (41 MB less resident memory for the system after an ingest, at
	 * the same CPU). Metaspace (about 80 MB used), code cache (about 40 MB) and direct
	 * buffers (Netty) are bounded so that a leak fails the service, which is then
	 * restarted, instead of growing the machine's memory; out of memory, the JVM exits
	 * rather than limp on. The serial collector: the smallest footprint, and on two cores
	 * no slower than a parallel one. What the JIT compilers' bursts leave in malloc's
	 * free lists is given back to the system every 5 s. The JIT compilers: see
	 * {@link #jvmOptions}.
	 */
	static final List<String> JVM_OPTIONS = List.of("-Xms32m", "-Xmx160m", "-XX:MinHeapFreeRatio=20",
			"-XX:MaxHeapFreeRatio=40", "-XX:MaxNewSize=12m", "-XX:MaxMetaspaceSize=128m",
			"-XX:ReservedCodeCacheSize=64m", "-XX:MaxDirectMemorySize=64m", "-XX:+UseSerialGC",
			"-XX:TrimNativeHeapInterval=5000", "-XX:+ExitOnOutOfMemoryError", "-Djdk.nio.maxCachedBufferSize=262144",
			"-Dorg.apache.avro.SERIALIZABLE_PACKAGES=dev.latchkey.schemas");

	/**
	 * Services that run both JIT compilers; the others run C1 only. The status service
	 * answers polls on one short path that C2 makes about twice as cheap (17–20 µs of CPU
	 * per poll against 40–54 µs with C1, issue #8). The pipeline's services run long,
	 * megamorphic paths (WebFlux, Kafka, Avro, Tink, the MongoDB driver) that C2 kept
	 * compiling and recompiling: on two cores its threads took about 40 % of all CPU
	 * during an ingest and never caught up, and with C1 only the same ingest took half
	 * the CPU per credential (117 against 237 ms) and settled twice as fast.
	 */
	static final Set<String> BOTH_COMPILERS = Set.of("status-service");

	/**
	 * {@link #JVM_OPTIONS}, and C1 only unless the service is in {@link #BOTH_COMPILERS}.
	 */
	static List<String> jvmOptions(String service) {
		List<String> options = new ArrayList<>(JVM_OPTIONS);
		if (!BOTH_COMPILERS.contains(service)) {
			options.add("-XX:TieredStopAtLevel=1");
		}
		return options;
	}

	/** Boot's process info, {@code "process":{…,"pid":123,…}} in any property order. */
	private static final Pattern PROCESS_PID = Pattern.compile("\"process\"\\s*:\\s*\\{.*?\"pid\"\\s*:\\s*(\\d+)",
			Pattern.DOTALL);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final String name;

	private final int port;

	private final ChildJvm jvm;

	private ServiceProcess(String name, int port, ChildJvm jvm) {
		this.name = name;
		this.port = port;
		this.jvm = jvm;
	}

	static ServiceProcess launch(String name, Path jar, int port, Map<String, String> environment, Path logDir) {
		Map<String, String> env = new HashMap<>(environment);
		env.put("PORT", Integer.toString(port));
		// /actuator/info then tells the pid, which proves who answers on the port.
		env.put("MANAGEMENT_INFO_PROCESS_ENABLED", "true");
		List<String> arguments = jvmOptions(name);
		arguments.addAll(List.of("-jar", jar.toString()));
		ChildJvm jvm = ChildJvm.launch(name, arguments, env, logDir, logDir.resolve(name + ".log"));
		return new ServiceProcess(name, port, jvm);
	}

	/**
	 * Waits until the service reports ready and proves to be the process this launcher
	 * started, or fails with the tail of its log.
	 */
	void awaitReady(Duration timeout) {
		this.jvm.awaitReady(URI.create(url() + "/actuator/health/readiness"), timeout);
		long answering = answeringPid();
		if (answering != this.jvm.pid()) {
			this.jvm.close();
			throw new IllegalStateException(this.name + " on port " + this.port + " answered as pid " + answering
					+ ", not as the process this launcher started (pid " + this.jvm.pid()
					+ "): a process Latchkey did not start holds the port. Stop it and start again.");
		}
	}

	private long answeringPid() {
		try {
			HttpResponse<String> info = http.send(
					HttpRequest.newBuilder(URI.create(url() + "/actuator/info")).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.ofString());
			Matcher pid = PROCESS_PID.matcher(info.body());
			if (info.statusCode() != 200 || !pid.find()) {
				throw new IllegalStateException(this.name + " on port " + this.port
						+ " does not tell its pid at /actuator/info (status " + info.statusCode() + ")");
			}
			return Long.parseLong(pid.group(1));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot ask " + this.name + " for its pid", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
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

	int restarts() {
		return this.jvm.restarts();
	}

	@Override
	public void close() {
		this.jvm.close();
	}

}
