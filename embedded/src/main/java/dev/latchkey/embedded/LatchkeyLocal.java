package dev.latchkey.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs the embedded default: the whole system on this machine, no Docker, no installed
 * servers. Data and development keys live in {@code $LATCHKEY_HOME} (default
 * {@code .latchkey} in the working directory).
 */
public final class LatchkeyLocal {

	private LatchkeyLocal() {
	}

	public static void main(String[] args) throws InterruptedException {
		Path home = Path.of(System.getenv().getOrDefault("LATCHKEY_HOME", ".latchkey")).toAbsolutePath();
		Path repositoryRoot = repositoryRoot();
		Instant started = Instant.now();
		System.out.println(
				"Starting Latchkey (data in " + home + ", launcher pid " + ProcessHandle.current().pid() + ") ...");
		warnIfHeapUnlimited();
		LocalStack stack = LocalStack.start(home, Ports.defaults().shiftedBy(portOffset()), repositoryRoot);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			System.out.println("Stopping Latchkey (restarts: " + describe(stack.restarts()) + ") ...");
			stack.close();
			stopped.countDown();
		}, "latchkey-stop"));
		printWelcome(stack, Duration.between(started, Instant.now()));
		System.out.println(residentMemory(stack));
		stopped.await();
	}

	/**
	 * The JVM options of the launcher live in {@code embedded/launcher.jvm-options}
	 * ({@code run-local.sh} passes them); started without them its heap may grow to a
	 * quarter of the machine's memory.
	 */
	private static void warnIfHeapUnlimited() {
		long maxHeapMiB = Runtime.getRuntime().maxMemory() / (1024 * 1024);
		if (maxHeapMiB > 1024) {
			System.out.println("Warning: the launcher's heap may grow to " + maxHeapMiB
					+ " MiB. Start it as run-local.sh does: java @embedded/launcher.jvm-options -jar "
					+ "embedded/target/embedded-0.1.0-SNAPSHOT.jar");
		}
	}

	/** Resident memory of the launcher and its children (Linux; elsewhere nothing). */
	private static String residentMemory(LocalStack stack) {
		Map<String, Long> pids = new LinkedHashMap<>();
		pids.put("launcher", ProcessHandle.current().pid());
		pids.putAll(stack.childPids());
		Map<String, Long> mib = new LinkedHashMap<>();
		pids.forEach((name, pid) -> residentKiB(pid).ifPresent((kib) -> mib.put(name, kib / 1024)));
		if (mib.isEmpty()) {
			return "";
		}
		return "Resident memory: " + mib.values().stream().mapToLong(Long::longValue).sum() + " MiB (" + describe(mib)
				+ ")";
	}

	private static OptionalLong residentKiB(long pid) {
		try (Stream<String> status = Files.lines(Path.of("/proc", Long.toString(pid), "status"))) {
			return status.filter((line) -> line.startsWith("VmRSS:"))
				.mapToLong((line) -> Long.parseLong(line.replaceAll("\\D", "")))
				.findFirst();
		}
		catch (IOException | UncheckedIOException | NumberFormatException ex) {
			return OptionalLong.empty();
		}
	}

	private static String describe(Map<String, ? extends Number> values) {
		return values.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + " " + entry.getValue())
			.collect(Collectors.joining(", "));
	}

	/** {@code LATCHKEY_PORT_OFFSET}: added to every default port (default 0). */
	private static int portOffset() {
		String offset = System.getenv().getOrDefault("LATCHKEY_PORT_OFFSET", "0").trim();
		try {
			int value = Integer.parseInt(offset);
			if (value < 0 || value > 30000) {
				throw new NumberFormatException();
			}
			return value;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("LATCHKEY_PORT_OFFSET must be a whole number from 0 to 30000");
		}
	}

	private static Path repositoryRoot() {
		String configured = System.getProperty("latchkey.repository.root");
		if (configured != null) {
			return Path.of(configured).toAbsolutePath();
		}
		Path dir = Path.of("").toAbsolutePath();
		while (dir != null && !Files.isDirectory(dir.resolve("collector-service"))) {
			dir = dir.getParent();
		}
		if (dir == null) {
			throw new IllegalStateException("Run from the Latchkey checkout, or set -Dlatchkey.repository.root");
		}
		return dir;
	}

	private static void printWelcome(LocalStack stack, Duration took) {
		String token = stack.tokenFor("demo-tenant", LocalStack.DEVELOPMENT_TOKEN_LIFETIME);
		String collector = stack.collectorUrl();
		String status = stack.statusUrl();
		System.out.printf("""

				Latchkey is running (started in %.1f s).

				  collector  %s   (POST /api/integrations/{provider}/credentials, GET /api/providers)
				  status     %s   (GET /api/integrations/status, /status/{provider}, /api/integrations)
				  vault      %s   (internal)
				  registry   %s
				  kafka      %s
				  mongodb    %s
				  demo       %s   (a platform that accepts keys starting with demo_live_)
				  demo-oauth %s   (an OAuth 2 server: connect provider demo-oauth)
				  logs       %s   (<name>.log, rotated by size: LATCHKEY_LOG_MAX_SIZE, LATCHKEY_LOG_KEEP)

				Development bearer token for tenant demo-tenant (valid 30 days):
				  export TOKEN=%s

				Status page (signed in as demo-tenant; add a key, watch it turn active):
				  %s

				Try it:
				  curl -s -X POST %s/api/integrations/demo/credentials \\
				    -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \\
				    -d '{"fields":{"api_key":"demo_live_0123456789"}}'
				  curl -s %s/api/integrations/status -H "Authorization: Bearer $TOKEN"

				Connect over OAuth (open the authorizeUrl in a browser, or follow it with curl -L):
				  curl -s -X POST %s/api/integrations/demo-oauth/connect -H "Authorization: Bearer $TOKEN"
				Remove the app at the demo platform (the next refresh then shows REAUTH_REQUIRED):
				  curl -s -X POST %s/demo/revoke-all

				The registry and a service that die are started again (a line here says so).
				Press Ctrl+C to stop; data and keys stay in %s.
				""", took.toMillis() / 1000.0, collector, status, stack.vaultUrl(), stack.registryUrl(),
				stack.kafkaBootstrapServers(), stack.mongoUri(), stack.demoPlatformUrl(),
				stack.demoOAuthServer().baseUrl(), stack.home().resolve("logs"), token, stack.statusPageUrl(token),
				collector, status, collector, stack.demoOAuthServer().baseUrl(), stack.home());
	}

}
