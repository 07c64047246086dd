package dev.latchkey.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.latchkey.local.DemoOAuthServer;
import dev.latchkey.local.DemoPlatform;
import dev.latchkey.local.EmbeddedMongo;
import dev.latchkey.local.KafkaBroker;
import dev.latchkey.local.LoopbackPort;
import dev.latchkey.local.SchemaRegistry;
import dev.latchkey.websecurity.DevTokens;

/**
 * The whole Latchkey system on one machine: a KRaft Kafka broker, the Apicurio registry,
 * mongo-java-server on H2 files, the demo platform, and the four services from their own
 * jars. Everything it writes lives under {@code home}, so a restart keeps every
 * integration.
 */
public final class LocalStack implements AutoCloseable {

	/**
	 * System property (or environment variable {@code LATCHKEY_LOG_FORMAT}) naming a
	 * structured log format for the services' logs: {@code ecs}, {@code logstash} or
	 * {@code gelf}; plain text when unset.
	 */
	public static final String LOG_FORMAT_PROPERTY = "latchkey.log-format";

	static final List<String> SERVICES = List.of("vault-service", "status-service", "scanner-service",
			"collector-service");

	/**
	 * What {@link #startAgainst} does not start (names as in
	 * {@link Ports#byComponent()}).
	 */
	private static final List<String> INFRASTRUCTURE = List.of("Kafka broker", "schema registry",
			"MongoDB (mongo-java-server)");

	/**
	 * How long a port may stay taken before start gives up: the children of a launcher
	 * that was killed need up to about 11 s to notice and exit (see ParentWatch).
	 */
	static final Duration PORT_PATIENCE = Duration.ofSeconds(20);

	/** How long the development token printed at start lives; the services allow it. */
	static final Duration DEVELOPMENT_TOKEN_LIFETIME = Duration.ofDays(30);

	static final String DEMO_OAUTH_CLIENT_ID = "latchkey-local";

	/** The demo OAuth server accepts any client secret; this one is not a secret. */
	static final String DEMO_OAUTH_CLIENT_SECRET = "latchkey-local-demo-secret";

	/**
	 * Access tokens of the demo OAuth server; short, so that refreshes can be watched.
	 */
	/**
	 * Access-token lifetime of the demo OAuth server, and how long before expiry the
	 * collector refreshes: short values (system property or environment variable, e.g.
	 * {@code 90s} and {@code 60s}) let a refresh be watched.
	 */
	static Duration demoOAuthTokenLifetime() {
		return setting("latchkey.demo-oauth.token-lifetime", "LATCHKEY_DEMO_OAUTH_TOKEN_LIFETIME", "1h");
	}

	/**
	 * How long start waits for every service to be ready: they start side by side, which
	 * on two busy cores has taken 2.5 minutes; default {@code 5m} (system property
	 * {@code latchkey.start.timeout} or {@code LATCHKEY_START_TIMEOUT}, e.g.
	 * {@code 10m}).
	 */
	static Duration readyTimeout() {
		return setting("latchkey.start.timeout", "LATCHKEY_START_TIMEOUT", "5m");
	}

	static Duration refreshMargin() {
		return setting("latchkey.oauth.refresh.margin", "LATCHKEY_OAUTH_REFRESH_MARGIN", "60s");
	}

	private static Duration setting(String property, String variable, String fallback) {
		String value = System.getProperty(property, System.getenv().getOrDefault(variable, fallback));
		return Duration.parse("PT" + value.trim().toUpperCase(java.util.Locale.ROOT));
	}

	private final Path home;

	private final Ports ports;

	private final List<AutoCloseable> started = new ArrayList<>();

	private final Map<String, ServiceProcess> services = new HashMap<>();

	private DevKeys keys;

	private KafkaBroker kafka;

	private SchemaRegistry registry;

	private EmbeddedMongo mongo;

	private DemoPlatform demo;

	private DemoOAuthServer demoOAuth;

	/**
	 * Kafka, the registry and MongoDB when they run elsewhere (containers, a platform's
	 * own); {@code null}: started here.
	 */
	private final Infrastructure external;

	private Infrastructure infrastructure;

	/**
	 * Where Kafka, the registry and MongoDB are.
	 *
	 * @param kafkaBootstrapServers the brokers
	 * @param registryUrl the registry's v2 API
	 * @param mongoConnectionString a MongoDB connection string without a database
	 */
	public record Infrastructure(String kafkaBootstrapServers, String registryUrl, String mongoConnectionString) {

		String database(String name) {
			String base = this.mongoConnectionString;
			int query = base.indexOf('?');
			String options = (query < 0) ? "" : base.substring(query);
			String server = (query < 0) ? base : base.substring(0, query);
			return (server.endsWith("/") ? server : server + "/") + name + options;
		}

	}

	private LocalStack(Path home, Ports ports, Infrastructure external) {
		this.home = home;
		this.ports = ports;
		this.external = external;
	}

	/**
	 * Starts everything and returns once every service is ready.
	 * @param repositoryRoot where the service modules were built (their jars are in
	 * {@code <module>/target})
	 */
	public static LocalStack start(Path home, Ports ports, Path repositoryRoot) {
		return start(home, ports, repositoryRoot, PORT_PATIENCE);
	}

	/**
	 * Starts the demo servers and the four services from their jars against Kafka, a
	 * registry and MongoDB that run already (e.g. the images of docker-compose.yml in
	 * containers), and returns once every service is ready. Closing it stops only what it
	 * started.
	 */
	public static LocalStack startAgainst(Infrastructure infrastructure, Path home, Ports ports, Path repositoryRoot) {
		return start(home, ports, repositoryRoot, PORT_PATIENCE, infrastructure);
	}

	static LocalStack start(Path home, Ports ports, Path repositoryRoot, Duration portPatience) {
		return start(home, ports, repositoryRoot, portPatience, null);
	}

	private static LocalStack start(Path home, Ports ports, Path repositoryRoot, Duration portPatience,
			Infrastructure external) {
		LocalStack stack = new LocalStack(home, ports, external);
		try {
			stack.startAll(repositoryRoot, portPatience);
			return stack;
		}
		catch (RuntimeException ex) {
			stack.close();
			throw ex;
		}
	}

	private void startAll(Path repositoryRoot, Duration portPatience) {
		remember(HomeLock.acquire(this.home));
		// Before anything starts: a port held by another process (an orphan of a killed
		// launcher that has not exited yet, another program) would otherwise show up as
		// a confusing failure, or a "ready" that is not ours, much later.
		this.ports.byComponent()
			.entrySet()
			.stream()
			.filter((component) -> this.external == null || !INFRASTRUCTURE.contains(component.getKey()))
			.forEach((component) -> LoopbackPort.awaitFree(component.getKey(), component.getValue(), portPatience));
		Map<String, Path> jars = findJars(repositoryRoot);
		this.keys = DevKeys.loadOrGenerate(this.home.resolve("keys"));
		if (this.external == null) {
			this.kafka = remember(KafkaBroker.start(this.home.resolve("kafka"), this.ports.kafka()));
			this.registry = remember(SchemaRegistry.start(this.home.resolve("registry"), this.ports.registry()));
			this.mongo = remember(
					EmbeddedMongo.persistent(this.home.resolve("mongo").resolve("latchkey.mv.db"), this.ports.mongo()));
			this.infrastructure = new Infrastructure(this.kafka.bootstrapServers(), this.registry.url(),
					this.mongo.connectionString());
		}
		else {
			this.infrastructure = this.external;
		}
		this.demo = remember(DemoPlatform.start(this.ports.demo()));
		this.demoOAuth = remember(DemoOAuthServer.start(this.ports.demoOAuth(), demoOAuthTokenLifetime()));
		TopicSetup.ensure(this.infrastructure.kafkaBootstrapServers());

		// Bearer tokens as DevTokens mints them; the printed development token lives 30
		// days, longer than web-security's 24 h default allows.
		Map<String, String> common = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS",
				this.infrastructure.kafkaBootstrapServers(), "REGISTRY_URL", this.infrastructure.registryUrl(),
				"MONGODB_URI", databaseUri(), "LATCHKEY_SECURITY_JWT_HMAC_SECRET", this.keys.jwtSecret,
				"LATCHKEY_SECURITY_JWT_ISSUER", DevTokens.ISSUER, "LATCHKEY_SECURITY_JWT_AUDIENCE", DevTokens.AUDIENCE,
				"LATCHKEY_SECURITY_JWT_MAX_LIFETIME", DEVELOPMENT_TOKEN_LIFETIME.toDays() + "d"));
		// Structured (JSON) service logs: ecs, logstash or gelf (Boot's formats).
		String logFormat = System.getProperty(LOG_FORMAT_PROPERTY, System.getenv("LATCHKEY_LOG_FORMAT"));
		if (logFormat != null && !logFormat.isBlank()) {
			common.put("LOGGING_STRUCTURED_FORMAT_CONSOLE", logFormat);
		}
		launch("vault-service", jars, this.ports.vault(), Map.of("LATCHKEY_VAULT_KEYS_ROOT_KEYSET_FILE",
				this.keys.vaultRoot.toString(), "LATCHKEY_VAULT_KEYS_SUBMISSION_KEYSET_FILE",
				this.keys.vaultSubmissionPrivate.toString(),
				"LATCHKEY_VAULT_LEASE_CONSUMERS_SCANNER_PUBLIC_KEYSET_FILE", this.keys.scannerLeasePublic.toString(),
				"LATCHKEY_VAULT_LEASE_CONSUMERS_SCANNER_VERIFY_KEYSET_FILE", this.keys.scannerSigningPublic.toString(),
				"LATCHKEY_VAULT_LEASE_CONSUMERS_COLLECTOR_PUBLIC_KEYSET_FILE",
				this.keys.collectorLeasePublic.toString(),
				"LATCHKEY_VAULT_LEASE_CONSUMERS_COLLECTOR_VERIFY_KEYSET_FILE",
				this.keys.collectorSigningPublic.toString(),
				"LATCHKEY_VAULT_LEASE_CONSUMERS_OPERATOR_VERIFY_KEYSET_FILE",
				this.keys.operatorSigningPublic.toString(),
				// The internal API is for the services on this machine only.
				"SERVER_ADDRESS", "127.0.0.1"), common);
		launch("status-service", jars, this.ports.status(), Map.of(), common);
		launch("scanner-service", jars, this.ports.scanner(), Map.of("LATCHKEY_SCANNER_VAULT_URL",
				"http://127.0.0.1:" + this.ports.vault(), "LATCHKEY_SCANNER_KEYS_LEASE_KEYSET_FILE",
				this.keys.scannerLeasePrivate.toString(), "LATCHKEY_SCANNER_KEYS_SIGNING_KEYSET_FILE",
				this.keys.scannerSigningPrivate.toString(), "LATCHKEY_CATALOGUE_BASE_URLS_DEMO", this.demo.baseUrl(),
				// No environment variable can name the map key demo-oauth (a dash).
				"SPRING_APPLICATION_JSON",
				"{\"latchkey\":{\"catalogue\":{\"base-urls\":{\"demo-oauth\":\"" + this.demoOAuth.baseUrl() + "\"}}}}"),
				common);
		Map<String, String> collector = new HashMap<>(
				Map.of("LATCHKEY_COLLECTOR_VAULT_PUBLIC_KEYSET_FILE", this.keys.vaultSubmissionPublic.toString(),
						"LATCHKEY_COLLECTOR_VAULT_URL", "http://127.0.0.1:" + this.ports.vault(),
						"LATCHKEY_COLLECTOR_VAULT_SIGNING_KEYSET_FILE", this.keys.collectorSigningPrivate.toString(),
						// The status page, served by status-service, calls the collector.
						"LATCHKEY_SECURITY_CORS_ALLOWED_ORIGINS",
						"http://localhost:" + this.ports.status() + ",http://127.0.0.1:" + this.ports.status()));
		collector.putAll(oauthEnvironment());
		launch("collector-service", jars, this.ports.collector(), collector, common);
		this.services.values().forEach((service) -> service.awaitReady(readyTimeout()));
	}

	private void launch(String name, Map<String, Path> jars, int port, Map<String, String> own,
			Map<String, String> common) {
		Map<String, String> environment = new HashMap<>(common);
		environment.putAll(own);
		ServiceProcess service = remember(
				ServiceProcess.launch(name, jars.get(name), port, environment, this.home.resolve("logs")));
		this.services.put(name, service);
	}

	/**
	 * The collector as OAuth client of the demo OAuth server: its own database for
	 * connect state, the demo client, its redirect URI and the status page as return URL.
	 */
	private Map<String, String> oauthEnvironment() {
		String statusOrigins = "http://localhost:" + this.ports.status() + ",http://127.0.0.1:" + this.ports.status();
		return Map.of("MONGODB_URI", this.infrastructure.database("latchkey_collector"),
				"LATCHKEY_OAUTH_REDIRECT_BASE_URL", "http://localhost:" + this.ports.collector(),
				"LATCHKEY_OAUTH_ALLOWED_RETURN_URLS", statusOrigins, "LATCHKEY_OAUTH_DEMO_OAUTH_CLIENT_ID",
				DEMO_OAUTH_CLIENT_ID, "LATCHKEY_OAUTH_DEMO_OAUTH_CLIENT_SECRET", DEMO_OAUTH_CLIENT_SECRET,
				"LATCHKEY_OAUTH_DEMO_OAUTH_BASE_URL", this.demoOAuth.baseUrl(), "LATCHKEY_OAUTH_REFRESH_ENABLED",
				"true", "LATCHKEY_OAUTH_REFRESH_LEASE_KEYSET_FILE", this.keys.collectorLeasePrivate.toString(),
				"LATCHKEY_OAUTH_REFRESH_MARGIN", refreshMargin().toSeconds() + "s");
	}

	private <T extends AutoCloseable> T remember(T resource) {
		this.started.add(resource);
		return resource;
	}

	private String databaseUri() {
		return this.infrastructure.database("latchkey");
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

	/**
	 * The status page for a signed-in user of the tenant: the token travels in the
	 * fragment, which the browser never sends to a server.
	 */
	public String statusPageUrl(String token) {
		return statusUrl() + "/#token=" + token + "&collector=" + collectorUrl();
	}

	public String vaultUrl() {
		return this.services.get("vault-service").url();
	}

	public String kafkaBootstrapServers() {
		return this.infrastructure.kafkaBootstrapServers();
	}

	public String registryUrl() {
		return this.infrastructure.registryUrl();
	}

	public String mongoUri() {
		return databaseUri();
	}

	public String demoPlatformUrl() {
		return this.demo.baseUrl();
	}

	public DemoOAuthServer demoOAuthServer() {
		return this.demoOAuth;
	}

	public Path home() {
		return this.home;
	}

	/** Log files of the four services. */
	public List<Path> serviceLogs() {
		return this.services.values().stream().map(ServiceProcess::log).toList();
	}

	/**
	 * How many times each supervised child (the registry, the services) was restarted
	 * after it died.
	 */
	public Map<String, Integer> restarts() {
		Map<String, Integer> restarts = new LinkedHashMap<>();
		if (this.registry != null) {
			restarts.put("schema-registry", this.registry.restarts());
		}
		SERVICES.forEach((name) -> restarts.put(name, this.services.get(name).restarts()));
		return restarts;
	}

	/** The pids of the launcher's children: the registry and the services. */
	public Map<String, Long> childPids() {
		Map<String, Long> pids = new LinkedHashMap<>();
		if (this.registry != null) {
			pids.put("schema-registry", this.registry.pid());
		}
		SERVICES.forEach((name) -> pids.put(name, this.services.get(name).pid()));
		return pids;
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
