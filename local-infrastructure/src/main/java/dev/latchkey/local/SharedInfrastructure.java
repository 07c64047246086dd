package dev.latchkey.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * Everything an integration test needs, started once per JVM on first use and stopped by
 * a shutdown hook: a Kafka broker and a schema registry on temporary directories, an
 * in-memory MongoDB and the demo platform, all on free ports.
 *
 * <pre class="code">
 * &#64;DynamicPropertySource
 * static void infrastructure(DynamicPropertyRegistry registry) {
 *     SharedInfrastructure infra = SharedInfrastructure.get();
 *     registry.add("spring.kafka.bootstrap-servers", infra::kafkaBootstrapServers);
 * }
 * </pre>
 */
public final class SharedInfrastructure implements AutoCloseable {

	private static SharedInfrastructure instance;

	private final KafkaBroker kafka;

	private final SchemaRegistry registry;

	private final EmbeddedMongo mongo;

	private final DemoPlatform demoPlatform;

	private DemoOAuthServer demoOAuth;

	private final List<Path> directories;

	private final Thread shutdownHook;

	private SharedInfrastructure(KafkaBroker kafka, SchemaRegistry registry, EmbeddedMongo mongo,
			DemoPlatform demoPlatform, List<Path> directories) {
		this.kafka = kafka;
		this.registry = registry;
		this.mongo = mongo;
		this.demoPlatform = demoPlatform;
		this.directories = directories;
		this.shutdownHook = new Thread(this::stop, "shared-infrastructure-shutdown");
	}

	/**
	 * Return the infrastructure of this JVM, starting it on the first call.
	 * @return the running infrastructure
	 */
	public static synchronized SharedInfrastructure get() {
		if (instance == null) {
			SharedInfrastructure started = startAll();
			Runtime.getRuntime().addShutdownHook(started.shutdownHook);
			instance = started;
		}
		return instance;
	}

	public String kafkaBootstrapServers() {
		return this.kafka.bootstrapServers();
	}

	public String registryUrl() {
		return this.registry.url();
	}

	public String mongoConnectionString() {
		return this.mongo.connectionString();
	}

	public String demoPlatformUrl() {
		return this.demoPlatform.baseUrl();
	}

	/**
	 * The demo OAuth server, started on first use (access tokens live one hour).
	 * @return the running server
	 */
	public synchronized DemoOAuthServer demoOAuthServer() {
		if (this.demoOAuth == null) {
			this.demoOAuth = DemoOAuthServer.start(0, java.time.Duration.ofHours(1));
		}
		return this.demoOAuth;
	}

	/**
	 * Stop everything now rather than at JVM exit; the next {@link #get()} starts afresh.
	 */
	@Override
	public void close() {
		synchronized (SharedInfrastructure.class) {
			if (instance == this) {
				instance = null;
			}
		}
		try {
			Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
		}
		catch (IllegalStateException ex) {
			// Already shutting down.
		}
		stop();
	}

	private static SharedInfrastructure startAll() {
		Path kafkaDir = temporaryDirectory("latchkey-kafka-");
		Path registryDir = temporaryDirectory("latchkey-registry-");
		// The registry is a separate process that mostly waits: start it alongside the
		// broker.
		CompletableFuture<SchemaRegistry> registry = CompletableFuture
			.supplyAsync(() -> SchemaRegistry.start(registryDir, 0));
		KafkaBroker kafka = null;
		EmbeddedMongo mongo = null;
		try {
			kafka = KafkaBroker.start(kafkaDir, 0);
			mongo = EmbeddedMongo.inMemory(0);
			DemoPlatform demoPlatform = DemoPlatform.start(0);
			return new SharedInfrastructure(kafka, registry.join(), mongo, demoPlatform,
					List.of(kafkaDir, registryDir));
		}
		catch (RuntimeException ex) {
			registry.thenAccept(SchemaRegistry::close);
			closeQuietly(mongo);
			closeQuietly(kafka);
			throw (ex instanceof CompletionException && ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

	private synchronized void stop() {
		closeQuietly(this.demoPlatform);
		synchronized (this) {
			closeQuietly(this.demoOAuth);
		}
		closeQuietly(this.mongo);
		closeQuietly(this.registry);
		closeQuietly(this.kafka);
		this.directories.forEach(SharedInfrastructure::deleteQuietly);
	}

	private static void closeQuietly(AutoCloseable closeable) {
		if (closeable != null) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// Best effort while tearing down.
			}
		}
	}

	private static Path temporaryDirectory(String prefix) {
		try {
			return Files.createTempDirectory(prefix);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create a temporary directory", ex);
		}
	}

	private static void deleteQuietly(Path directory) {
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException | UncheckedIOException ex) {
			// Temporary files are the operating system's to reclaim.
		}
	}

}
