package dev.latchkey.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;

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
		System.out.println("Starting Latchkey (data in " + home + ") ...");
		LocalStack stack = LocalStack.start(home, Ports.defaults(), repositoryRoot);
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			System.out.println("Stopping Latchkey ...");
			stack.close();
			stopped.countDown();
		}, "latchkey-stop"));
		printWelcome(stack, Duration.between(started, Instant.now()));
		stopped.await();
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
		String token = stack.tokenFor("demo-tenant", Duration.ofDays(30));
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
				  logs       %s

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

				Press Ctrl+C to stop; data and keys stay in %s.
				""", took.toMillis() / 1000.0, collector, status, stack.vaultUrl(), stack.registryUrl(),
				stack.kafkaBootstrapServers(), stack.mongoUri(), stack.demoPlatformUrl(),
				stack.demoOAuthServer().baseUrl(), stack.home().resolve("logs"), token, stack.statusPageUrl(token),
				collector, status, collector, stack.demoOAuthServer().baseUrl(), stack.home());
	}

}
