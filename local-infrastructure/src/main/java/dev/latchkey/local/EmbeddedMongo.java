package dev.latchkey.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.h2.mvstore.MVStore;

/**
 * A MongoDB wire-protocol server (mongo-java-server) on a TCP port of the loopback
 * interface. It covers what the services use; note that it ignores compound indexes, so
 * uniqueness across several fields is not enforced.
 */
public final class EmbeddedMongo implements AutoCloseable {

	/**
	 * System property that makes {@link #persistent(Path, int)} sync every commit to the
	 * device ({@link Durability#SURVIVES_POWER_LOSS}) when {@code true}.
	 */
	public static final String FSYNC_PROPERTY = "latchkey.mongo.fsync";

	/**
	 * Netty worker threads. A write blocks its worker until its commit is done, and every
	 * connection served by that worker waits with it; more workers let more writers share
	 * a commit.
	 */
	private static final int WORKER_THREADS = 16;

	/** What an acknowledged write of the H2 backend survives. */
	public enum Durability {

		/**
		 * Written to the operating system (not synced) before the write is acknowledged:
		 * survives a crash or {@code kill -9} of the process, not a crash of the machine.
		 */
		SURVIVES_PROCESS_CRASH,

		/**
		 * Also synced to the device ({@code fsync}) before the write is acknowledged:
		 * survives power loss, at the price of a disk flush per group of writes.
		 */
		SURVIVES_POWER_LOSS

	}

	private final MongoServer server;

	private final int port;

	private boolean closed;

	private EmbeddedMongo(MongoServer server, int port) {
		this.server = server;
		this.port = port;
	}

	/**
	 * Start a server whose data lives in memory only.
	 * @param port the TCP port, or {@code 0} for a free one
	 * @return the running server
	 */
	public static EmbeddedMongo inMemory(int port) {
		return start(new MemoryBackend(), port);
	}

	/**
	 * Start a server whose data lives in an H2 MVStore file and survives a restart; every
	 * acknowledged write survives a crash of this process, and also power loss when the
	 * system property {@value #FSYNC_PROPERTY} is {@code true}.
	 * @param h2File the database file, for example {@code data/mongo.mv}; its directory
	 * is created if needed
	 * @param port the TCP port, or {@code 0} for a free one
	 * @return the running server
	 */
	public static EmbeddedMongo persistent(Path h2File, int port) {
		return persistent(h2File, port, Boolean.getBoolean(FSYNC_PROPERTY) ? Durability.SURVIVES_POWER_LOSS
				: Durability.SURVIVES_PROCESS_CRASH);
	}

	/**
	 * Start a server whose data lives in an H2 MVStore file and survives a restart.
	 * @param h2File the database file, for example {@code data/mongo.mv}; its directory
	 * is created if needed
	 * @param port the TCP port, or {@code 0} for a free one
	 * @param durability what an acknowledged write survives
	 * @return the running server
	 */
	public static EmbeddedMongo persistent(Path h2File, int port, Durability durability) {
		Path file = h2File.toAbsolutePath();
		try {
			Files.createDirectories(file.getParent());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create directory for " + file, ex);
		}
		MVStore store = MVStore.open(file.toString());
		DurableH2Backend backend;
		try {
			backend = new DurableH2Backend(store, durability == Durability.SURVIVES_POWER_LOSS);
		}
		catch (RuntimeException ex) {
			store.close();
			throw ex;
		}
		return start(backend, port);
	}

	public String connectionString() {
		return "mongodb://localhost:" + this.port + "/";
	}

	@Override
	public synchronized void close() {
		if (!this.closed) {
			this.closed = true;
			// Also closes the backend, which flushes the H2 store.
			this.server.shutdown();
		}
	}

	private static EmbeddedMongo start(MongoBackend backend, int port) {
		MongoServer server = new MongoServer(backend);
		try {
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1, WORKER_THREADS);
		}
		catch (RuntimeException ex) {
			backend.close();
			throw ex;
		}
		return new EmbeddedMongo(server, server.getLocalAddress().getPort());
	}

}
