package dev.latchkey.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.latchkey.local.DemoPlatform;
import dev.latchkey.local.EmbeddedMongo;
import dev.latchkey.local.KafkaBroker;
import dev.latchkey.local.SchemaRegistry;
import dev.latchkey.websecurity.DevTokens;

/**
 * The whole Latchkey system on one machine: a KRaft Kafka broker, the Apicurio registry,
 * mongo-java-server on H2 files, the demo platform, and the four services from their own
 * jars. Everything it writes lives under {@code home}, so a restart keeps every
 * integration.
 */
public final class LocalStack implements AutoCloseable {

	static final List<String> SERVICES = List.of("vault-service", "status-service", "scanner-service",
			"collector-service");

	private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

	private final Path home;

	private final Ports ports;

	private final List<AutoCloseable> started = new ArrayList<>();

	private final Map<String, ServiceProcess> services = new HashMap<>();

	private DevKeys keys;

	private KafkaBroker kafka;

	private SchemaRegistry registry;

	private EmbeddedMongo mongo;

	private DemoPlatform demo;

	private LocalStack(Path home, Ports ports) {
		this.home = home;
		this.ports = ports;
	}

	/**
	 * Starts everything and returns once every service is ready.
	 * @param repositoryRoot where the service modules were built (their jars are in
	 * {@code <module>/target})
	 */
	public static LocalStack start(Path home, Ports ports, Path repositoryRoot) {
		LocalStack stack = new LocalStack(home, ports);
		try {
			stack.startAll(repositoryRoot);
			return stack;
		}
		catch (RuntimeException ex) {
			stack.close();
			throw ex;
		}
	}

	private void startAll(Path repositoryRoot) {
		Map<String, Path> jars = findJars(repositoryRoot);
		remember(HomeLock.acquire(this.home));
		this.keys = DevKeys.loadOrGenerate(this.home.resolve("keys"));
		this.kafka = remember(KafkaBroker.start(this.home.resolve("kafka"), this.ports.kafka()));
		this.registry = remember(SchemaRegistry.start(this.home.resolve("registry"), this.ports.registry()));
		this.mongo = remember(
				EmbeddedMongo.persistent(this.home.resolve("mongo").resolve("latchkey.mv.db"), this.ports.mongo()));
		this.demo = remember(DemoPlatform.start(this.ports.demo()));
		TopicSetup.ensure(this.kafka.bootstrapServers());

		Map<String, String> common = Map.of("KAFKA_BOOTSTRAP_SERVERS", this.kafka.bootstrapServers(), "REGISTRY_URL",
				this.registry.url(), "MONGODB_URI", databaseUri(), "LATCHKEY_SECURITY_JWT_HMAC_SECRET",
				this.keys.jwtSecret);
		launch("vault-service", jars, this.ports.vault(),
				Map.of("LATCHKEY_VAULT_KEYS_ROOT_KEYSET_FILE", this.keys.vaultRoot.toString(),
						"LATCHKEY_VAULT_KEYS_SUBMISSION_KEYSET_FILE", this.keys.vaultSubmissionPrivate.toString(),
						"LATCHKEY_VAULT_LEASE_CONSUMERS_SCANNER_PUBLIC_KEYSET_FILE",
						this.keys.scannerLeasePublic.toString()),
				common);
		launch("status-service", jars, this.ports.status(), Map.of(), common);
		launch("scanner-service", jars, this.ports.scanner(),
				Map.of("LATCHKEY_SCANNER_VAULT_URL", "http://localhost:" + this.ports.vault(),
						"LATCHKEY_SCANNER_KEYS_LEASE_KEYSET_FILE", this.keys.scannerLeasePrivate.toString(),
						"LATCHKEY_CATALOGUE_BASE_URLS_DEMO", this.demo.baseUrl()),
				common);
		launch("collector-service", jars, this.ports.collector(),
				Map.of("LATCHKEY_COLLECTOR_VAULT_PUBLIC_KEYSET_FILE", this.keys.vaultSubmissionPublic.toString()),
				common);
		this.services.values().forEach((service) -> service.awaitReady(READY_TIMEOUT));
	}

	private void launch(String name, Map<String, Path> jars, int port, Map<String, String> own,
			Map<String, String> common) {
		Map<String, String> environment = new HashMap<>(common);
		environment.putAll(own);
		ServiceProcess service = remember(
				ServiceProcess.launch(name, jars.get(name), port, environment, this.home.resolve("logs")));
		this.services.put(name, service);
	}

	private <T extends AutoCloseable> T remember(T resource) {
		this.started.add(resource);
		return resource;
	}

	private String databaseUri() {
		String base = this.mongo.connectionString();
		return (base.endsWith("/") ? base : base + "/") + "latchkey";
	}

	static Map<String, Path> findJars(Path repositoryRoot) {
		Map<String, Path> jars = new HashMap<>();
		for (String service : SERVICES) {
			Path target = repositoryRoot.resolve(service).resolve("target");
			try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
				Path jar = files.filter((file) -> file.getFileName().toString().matches(service + "-[^-]+.*\\.jar"))
					.filter((file) -> !file.getFileName().toString().contains("-plain"))
					.findFirst()
					.orElseThrow(() -> new IllegalStateException("No jar of " + service + " in " + target
							+ ": build it first with ./mvnw -DskipTests package"));
				jars.put(service, jar);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return jars;
	}

	public String collectorUrl() {
		return this.services.get("collector-service").url();
	}

	public String statusUrl() {
		return this.services.get("status-service").url();
	}

	public String vaultUrl() {
		return this.services.get("vault-service").url();
	}

	public String kafkaBootstrapServers() {
		return this.kafka.bootstrapServers();
	}

	public String registryUrl() {
		return this.registry.url();
	}

	public String mongoUri() {
		return databaseUri();
	}

	public String demoPlatformUrl() {
		return this.demo.baseUrl();
	}

	public Path home() {
		return this.home;
	}

	/** Log files of the four services. */
	public List<Path> serviceLogs() {
		return this.services.values().stream().map(ServiceProcess::log).toList();
	}

	public Map<String, Long> servicePids() {
		Map<String, Long> pids = new HashMap<>();
		this.services.forEach((name, service) -> pids.put(name, service.pid()));
		return pids;
	}

	/** A bearer token for a tenant, signed with this system's development secret. */
	public String tokenFor(String tenantId, Duration validity) {
		return new DevTokens(this.keys.jwtSecret).mint(tenantId, validity);
	}

	/**
	 * Stops the services together (each shuts down gracefully), then the infrastructure
	 * in reverse order of start, and releases the data directory last.
	 */
	@Override
	public void close() {
		this.services.values().parallelStream().forEach(ServiceProcess::close);
		List<AutoCloseable> reversed = new ArrayList<>(this.started);
		Collections.reverse(reversed);
		for (AutoCloseable resource : reversed) {
			try {
				resource.close();
			}
			catch (Exception ex) {
				System.err.println("Could not stop " + resource + ": " + ex.getMessage());
			}
		}
		this.started.clear();
		this.services.clear();
	}

}
