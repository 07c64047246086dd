package dev.latchkey.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A real Apache Kafka broker in KRaft combined mode (broker and controller in one node),
 * running inside this JVM. Topics and records live in the data directory and survive a
 * restart on the same directory: the storage is formatted only once, and the cluster id
 * stays in its {@code meta.properties}.
 */
public final class KafkaBroker implements AutoCloseable {

	private static final int NODE_ID = 1;

	private static final String CONTROLLER_LISTENER = "CONTROLLER";

	private final KafkaRaftServer server;

	private final int port;

	private boolean closed;

	private KafkaBroker(KafkaRaftServer server, int port) {
		this.server = server;
		this.port = port;
	}

	/**
	 * Start a broker.
	 * @param dataDir the log directory, created if needed and formatted on first use
	 * @param port the client port, or {@code 0} for a free one
	 * @return the running broker
	 */
	public static KafkaBroker start(Path dataDir, int port) {
		int clientPort = FreePort.orGiven(port);
		int controllerPort = FreePort.pick();
		Path logDir = dataDir.toAbsolutePath();
		KafkaConfig config = new KafkaConfig(settings(logDir, clientPort, controllerPort), false);
		formatOnce(logDir);
		KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
		try {
			server.startup();
		}
		catch (RuntimeException ex) {
			server.shutdown();
			server.awaitShutdown();
			throw new IllegalStateException("Kafka broker failed to start on port " + clientPort, ex);
		}
		return new KafkaBroker(server, clientPort);
	}

	public String bootstrapServers() {
		return "localhost:" + this.port;
	}

	@Override
	public synchronized void close() {
		if (!this.closed) {
			this.closed = true;
			this.server.shutdown();
			this.server.awaitShutdown();
		}
	}

	private static Map<String, Object> settings(Path logDir, int clientPort, int controllerPort) {
		Map<String, Object> props = new LinkedHashMap<>();
		props.put("process.roles", "broker,controller");
		props.put("node.id", String.valueOf(NODE_ID));
		// A static voter set, so the controller may get a different port on every start.
		props.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
		props.put("controller.listener.names", CONTROLLER_LISTENER);
		props.put("listeners",
				"PLAINTEXT://localhost:" + clientPort + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
		props.put("advertised.listeners", "PLAINTEXT://localhost:" + clientPort);
		props.put("inter.broker.listener.name", "PLAINTEXT");
		props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
		props.put("log.dirs", logDir.toString());
		props.put("auto.create.topics.enable", "true");
		props.put("num.partitions", "3");
		props.put("default.replication.factor", "1");
		props.put("min.insync.replicas", "1");
		props.put("offsets.topic.replication.factor", "1");
		props.put("offsets.topic.num.partitions", "5");
		props.put("transaction.state.log.replication.factor", "1");
		props.put("transaction.state.log.min.isr", "1");
		props.put("transaction.state.log.num.partitions", "5");
		props.put("share.coordinator.state.topic.replication.factor", "1");
		props.put("share.coordinator.state.topic.min.isr", "1");
		props.put("group.initial.rebalance.delay.ms", "0");
		// Sized for a laptop rather than a data centre (the dedupe buffer defaults to 128
		// MiB).
		props.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
		props.put("num.network.threads", "2");
		props.put("num.io.threads", "4");
		props.put("background.threads", "4");
		props.put("num.recovery.threads.per.data.dir", "2");
		return props;
	}

	private static void formatOnce(Path logDir) {
		if (Files.exists(logDir.resolve(MetaPropertiesEnsemble.META_PROPERTIES_NAME))) {
			return;
		}
		try {
			Files.createDirectories(logDir);
			new Formatter().setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
				.setNodeId(NODE_ID)
				.setClusterId(Uuid.randomUuid().toString())
				.setControllerListenerName(CONTROLLER_LISTENER)
				.setMetadataLogDirectory(logDir.toString())
				.addDirectory(logDir.toString())
				.run();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create Kafka log directory " + logDir, ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot format Kafka storage in " + logDir, ex);
		}
	}

}
