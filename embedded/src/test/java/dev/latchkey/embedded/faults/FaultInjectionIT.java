package dev.latchkey.embedded.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.latchkey.crypto.HpkeOpener;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.RequestSigner;
import dev.latchkey.crypto.SignedRequest;
import dev.latchkey.embedded.faults.RunningLauncher.Component;
import dev.latchkey.schemas.Topics;
import dev.latchkey.vaultclient.LeaseOpener;
import dev.latchkey.vaultclient.Purpose;
import dev.latchkey.vaultclient.VaultClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The second rule, tested from outside: while an obedient client submits credentials,
 * every component is killed with {@code kill -9} (the vault, the collector, the scanner,
 * the status service, the registry, and the launcher with the broker and MongoDB in it),
 * the registry and the vault are frozen for a while. Afterwards, counted from MongoDB,
 * the topics and the status API: no accepted credential is lost, none has two versions,
 * none stays pending, and the status view equals the store.
 * <p>
 * The build runs a reduced form. The full one ({@code faults/run.sh}): 2,000 credentials,
 * 5 rounds, registry frozen 120 s, vault 60 s. Uses the default ports (8080–8084, 8081,
 * 9092, 27017), which must be free.
 */
class FaultInjectionIT {

	private static final int CREDENTIALS = Integer.getInteger("latchkey.faults.credentials", 120);

	private static final int ROUNDS = Integer.getInteger("latchkey.faults.rounds", 1);

	private static final Duration REGISTRY_OUTAGE = Duration
		.ofSeconds(Integer.getInteger("latchkey.faults.registry-outage-seconds", 20));

	private static final Duration VAULT_OUTAGE = Duration
		.ofSeconds(Integer.getInteger("latchkey.faults.vault-outage-seconds", 15));

	/** The bound past which an integration counts as stuck pending. */
	private static final Duration PENDING_BOUND = Duration
		.ofSeconds(Integer.getInteger("latchkey.faults.pending-bound-seconds", 300));

	private static final Duration START = Duration.ofMinutes(4);

	private static Path home;

	private static RunningLauncher launcher;

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final Map<String, Object> figures = new LinkedHashMap<>();

	@BeforeAll
	static void start() throws IOException {
		home = Files.createTempDirectory("latchkey-faults");
		launcher = new RunningLauncher(home).start(START);
	}

	@AfterAll
	static void stop() {
		if (launcher != null) {
			launcher.stop();
		}
		System.out.println("Fault injection figures: " + figures);
	}

	@Test
	void everyAcceptedCredential_isStoredOnce_visible_andNotPending_afterKillsAndOutages() throws Exception {
		Ingest ingest = new Ingest("http://localhost:" + Component.COLLECTOR.port, launcher.token());
		double perSecond = CREDENTIALS / (double) Math.max(30, estimatedFaultSeconds());
		Instant began = Instant.now();
		CompletableFuture<Void> submitting = CompletableFuture.runAsync(() -> {
			try {
				ingest.run(CREDENTIALS, 8, perSecond);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});

		List<String> faults = new ArrayList<>();
		String rotation = null;
		for (int round = 1; round <= ROUNDS; round++) {
			for (Component component : List.of(Component.VAULT, Component.COLLECTOR, Component.SCANNER,
					Component.STATUS, Component.REGISTRY)) {
				if (round == 1 && component == Component.VAULT) {
					// A tenant key rotation while ingestion goes on, and the vault killed
					// in
					// the middle of its rewrap: the restarted vault resumes it.
					rotation = startTenantRotation();
				}
				faults.add(killAndAwaitRestart(component));
			}
			faults.add(killLauncherAndStartAgain(ingest));
		}
		faults.add(freeze(Component.REGISTRY, REGISTRY_OUTAGE));
		faults.add(freeze(Component.VAULT, VAULT_OUTAGE));
		submitting.get(2, TimeUnit.HOURS);
		Duration ingestTook = Duration.between(began, Instant.now());

		assertThat(ingest.rejected).as("submissions refused with 4xx").isEmpty();
		Instant converged = awaitConvergence(ingest.accepted.values());
		Audit audit = audit(ingest.accepted.values());

		figures.put("credentials", CREDENTIALS);
		figures.put("rounds", ROUNDS);
		figures.put("faults", faults);
		figures.put("accepted", ingest.accepted.size());
		figures.put("attempts", ingest.attempts.get());
		figures.put("unavailableAnswers", ingest.unavailable.get());
		figures.put("replayedAnswers", ingest.replayed.get());
		figures.put("lost", audit.lost());
		figures.put("duplicateVersions", audit.duplicates());
		figures.put("pending", audit.pending());
		figures.put("viewMismatches", audit.viewMismatches());
		figures.put("deadLetters", audit.deadLetters());
		figures.put("ingestSeconds", ingestTook.toSeconds());
		figures.put("convergedSecondsAfterIngest", Duration.between(began.plus(ingestTook), converged).toSeconds());
		Document rotated = awaitOperation(rotation);
		figures.put("rotation", Map.of("done", rotated.get("done"), "failed", rotated.get("failed"), "passes",
				rotated.get("pass"), "remaining", rotated.get("remaining")));
		List<String> unopenable = unopenable(ingest.accepted.values());
		figures.put("unopenableAfterRotation", unopenable);

		assertThat(ingest.accepted).hasSize(CREDENTIALS);
		assertThat(audit.lost()).as("accepted credentials lost").isEmpty();
		assertThat(audit.duplicates()).as("integrations with more than one version").isEmpty();
		assertThat(audit.pending()).as("integrations pending beyond " + PENDING_BOUND).isEmpty();
		assertThat(audit.viewMismatches()).as("status view differs from the store").isEmpty();
		assertThat(audit.deadLetters()).as("dead letters").isZero();
		assertThat(rotated.getString("state")).as("the rotation, resumed after kill -9").isEqualTo("DONE");
		assertThat(((Number) rotated.get("failed")).longValue()).as("records the rotation failed").isZero();
		assertThat(unopenable).as("credentials that no longer open after the rotation").isEmpty();
		assertThat(Document.parse(operator("GET", "/internal/operations/keys?tenant=" + TENANT).body())
			.get("olderWraps", Number.class)
			.longValue()).as("data keys still under the old tenant key").isZero();
	}

	private static final String TENANT = "demo-tenant";

	/** Starts a rotation of the ingesting tenant's key (as the admin jar does). */
	private static String startTenantRotation() throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
		while (true) {
			HttpResponse<String> started = operator("POST", "/internal/operations/rotate-tenant?tenant=" + TENANT);
			if (started.statusCode() == 202) {
				return Document.parse(started.body()).getString("id");
			}
			// 404 until the tenant's first credential made its key.
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError(
						"Could not start a tenant rotation: " + started.statusCode() + " " + started.body());
			}
			Thread.sleep(1000);
		}
	}

	private static Document awaitOperation(String id) throws Exception {
		Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
		Document operation;
		do {
			HttpResponse<String> answer = operator("GET", "/internal/operations/" + id);
			operation = (answer.statusCode() == 200) ? Document.parse(answer.body()) : new Document("state", "?");
			if ("DONE".equals(operation.getString("state"))) {
				return operation;
			}
			Thread.sleep(1000);
		}
		while (Instant.now().isBefore(deadline));
		return operation;
	}

	/** The integrations the vault cannot lease any more (as the scanner would lease). */
	private static List<String> unopenable(java.util.Collection<String> integrationIds) {
		Path keys = home.resolve("keys");
		VaultClient scanner = new VaultClient("http://localhost:" + Component.VAULT.port, "scanner",
				new RequestSigner(
						Keysets.loadSecret("scanner signing key", null, keys.resolve("scanner-signing-private.json"))),
				Duration.ofSeconds(10));
		LeaseOpener opener = new LeaseOpener(
				new HpkeOpener(
						Keysets.loadSecret("scanner lease key", null, keys.resolve("scanner-lease-private.json"))),
				"scanner");
		List<String> failed = new ArrayList<>();
		for (String id : integrationIds) {
			try {
				opener.open(scanner.lease(TENANT, id, Purpose.SCAN).block());
			}
			catch (RuntimeException ex) {
				failed.add(id + " (" + ex.getClass().getSimpleName() + ")");
			}
		}
		return failed;
	}

	/**
	 * A request to the vault's internal API signed as the operator, as the admin jar
	 * signs.
	 */
	private static HttpResponse<String> operator(String method, String pathAndQuery) throws Exception {
		RequestSigner signer = new RequestSigner(Keysets.loadSecret("operator signing key", null,
				home.resolve("keys").resolve("operator-signing-private.json")));
		long now = Instant.now().getEpochSecond();
		String signature = signer.sign(new SignedRequest("operator", method, pathAndQuery, now, new byte[0]));
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + Component.VAULT.port + pathAndQuery))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(10))
			.header(SignedRequest.CONSUMER_HEADER, "operator")
			.header(SignedRequest.TIMESTAMP_HEADER, Long.toString(now))
			.header(SignedRequest.SIGNATURE_HEADER, signature)
			.build();
		return http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static long estimatedFaultSeconds() {
		return ROUNDS * 150L + REGISTRY_OUTAGE.toSeconds() + VAULT_OUTAGE.toSeconds();
	}

	private static String killAndAwaitRestart(Component component) throws Exception {
		ProcessHandle victim = launcher.find(component)
			.orElseThrow(() -> new AssertionError(component + " is not running"));
		Instant killed = Instant.now();
		victim.destroyForcibly();
		victim.onExit().get(30, TimeUnit.SECONDS);
		Instant deadline = killed.plus(Duration.ofMinutes(3));
		while (Instant.now().isBefore(deadline)) {
			var restarted = launcher.find(component);
			if (restarted.isPresent() && restarted.get().pid() != victim.pid() && ready(component)) {
				return "kill -9 " + component + ": back in " + Duration.between(killed, Instant.now()).toSeconds()
						+ " s";
			}
			Thread.sleep(500);
		}
		throw new AssertionError(component + " was not restarted within 3 minutes:\n" + launcher.output());
	}

	private static String killLauncherAndStartAgain(Ingest ingest) throws Exception {
		List<ProcessHandle> children = launcher.children();
		Instant killed = Instant.now();
		launcher.kill();
		for (ProcessHandle child : children) {
			child.onExit().get(60, TimeUnit.SECONDS);
		}
		long orphansGoneAfter = Duration.between(killed, Instant.now()).toSeconds();
		launcher = new RunningLauncher(home).start(START);
		ingest.useToken(launcher.token());
		return "kill -9 launcher: children gone in " + orphansGoneAfter + " s, running again in "
				+ Duration.between(killed, Instant.now()).toSeconds() + " s";
	}

	/** SIGSTOP for a while, then SIGCONT: the process is there but does not answer. */
	private static String freeze(Component component, Duration outage) throws Exception {
		ProcessHandle frozen = launcher.find(component)
			.orElseThrow(() -> new AssertionError(component + " is not running"));
		signal("STOP", frozen.pid());
		try {
			Thread.sleep(outage.toMillis());
		}
		finally {
			signal("CONT", frozen.pid());
		}
		return component + " frozen " + outage.toSeconds() + " s";
	}

	private static void signal(String signal, long pid) throws Exception {
		Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
		assertThat(kill.waitFor()).isZero();
	}

	private static boolean ready(Component component) {
		try {
			HttpRequest request = HttpRequest
				.newBuilder(URI.create("http://localhost:" + component.port + component.readiness))
				.timeout(Duration.ofSeconds(3))
				.build();
			return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/** Waits until no accepted integration is missing or pending, or the bound passed. */
	private static Instant awaitConvergence(java.util.Collection<String> integrationIds) throws Exception {
		Instant deadline = Instant.now().plus(PENDING_BOUND);
		while (Instant.now().isBefore(deadline)) {
			Audit audit = audit(integrationIds);
			if (audit.lost().isEmpty() && audit.pending().isEmpty() && audit.viewMismatches().isEmpty()) {
				return Instant.now();
			}
			Thread.sleep(2000);
		}
		return Instant.now();
	}

	private static Audit audit(java.util.Collection<String> integrationIds) throws Exception {
		Set<String> expected = Set.copyOf(integrationIds);
		Map<String, Document> stored = new HashMap<>();
		Map<String, Integer> versions = new HashMap<>();
		try (MongoClient mongo = MongoClients.create("mongodb://localhost:" + (27017 + RunningLauncher.PORT_OFFSET))) {
			MongoDatabase database = mongo.getDatabase("latchkey");
			for (Document credential : database.getCollection("credentials").find()) {
				stored.put(credential.getString("_id"), credential);
			}
			for (Document version : database.getCollection("credential_versions").find()) {
				versions.merge(version.getString("integrationId"), 1, Integer::sum);
			}
		}
		List<String> lost = new ArrayList<>();
		List<String> duplicates = new ArrayList<>();
		List<String> pending = new ArrayList<>();
		for (String id : expected) {
			Document credential = stored.get(id);
			if (credential == null) {
				lost.add(id);
				continue;
			}
			if (credential.get("version", Number.class).longValue() != 1 || versions.getOrDefault(id, 0) != 1) {
				duplicates.add(id + " v" + credential.get("version") + " (" + versions.get(id) + " versions)");
			}
			if ("PENDING_VERIFICATION".equals(credential.getString("state"))) {
				pending.add(id);
			}
		}
		return new Audit(lost, duplicates, pending, viewMismatches(expected, stored), deadLetters());
	}

	private static List<String> viewMismatches(Set<String> expected, Map<String, Document> stored) {
		List<String> mismatches = new ArrayList<>();
		try {
			HttpRequest request = HttpRequest
				.newBuilder(URI.create("http://localhost:" + Component.STATUS.port + "/api/integrations"))
				.header("Authorization", "Bearer " + launcher.token())
				.timeout(Duration.ofSeconds(10))
				.build();
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				return List.of("status answered " + response.statusCode());
			}
			List<Map<String, Object>> listed = JsonPath.read(response.body(), "$.integrations");
			Map<String, String> viewState = new HashMap<>();
			listed.forEach((entry) -> viewState.put((String) entry.get("id"), (String) entry.get("state")));
			for (String id : expected) {
				Document credential = stored.get(id);
				String inStore = (credential != null) ? credential.getString("state") : null;
				if (inStore == null || !inStore.equals(viewState.get(id))) {
					mismatches.add(id + ": store " + inStore + ", view " + viewState.get(id));
				}
			}
		}
		catch (IOException ex) {
			mismatches.add("status unreachable: " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return mismatches;
	}

	private static long deadLetters() throws Exception {
		try (Admin admin = Admin.create(
				Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + (9092 + RunningLauncher.PORT_OFFSET),
						AdminClientConfig.CLIENT_ID_CONFIG, "faults-" + UUID.randomUUID()))) {
			Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
			for (Topics.Declaration topic : Topics.declarations()) {
				if (topic.name().endsWith(Topics.DEAD_LETTER_SUFFIX)) {
					admin.describeTopics(List.of(topic.name()))
						.allTopicNames()
						.get(30, TimeUnit.SECONDS)
						.get(topic.name())
						.partitions()
						.forEach((partition) -> ends.put(new TopicPartition(topic.name(), partition.partition()),
								OffsetSpec.latest()));
				}
			}
			return admin.listOffsets(ends)
				.all()
				.get(30, TimeUnit.SECONDS)
				.values()
				.stream()
				.mapToLong((info) -> info.offset())
				.sum();
		}
	}

	record Audit(List<String> lost, List<String> duplicates, List<String> pending, List<String> viewMismatches,
			long deadLetters) {
	}

}
