package dev.latchkey.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * A MongoDB wire-protocol server (mongo-java-server) on a TCP port of the loopback
 * interface. It covers what the services use; note that it ignores compound indexes, so
 * uniqueness across several fields is not enforced.
 */
public final class EmbeddedMongo implements AutoCloseable {

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
	 * Start a server whose data lives in an H2 MVStore file and survives a restart.
	 * @param h2File the database file, for example {@code data/mongo.mv}; its directory
	 * is created if needed
	 * @param port the TCP port, or {@code 0} for a free one
	 * @return the running server
	 */
	public static EmbeddedMongo persistent(Path h2File, int port) {
		Path file = h2File.toAbsolutePath();
		try {
			Files.createDirectories(file.getParent());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot create directory for " + file, ex);
		}
		return start(new H2Backend(file.toString()), port);
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
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
		}
		catch (RuntimeException ex) {
			backend.close();
			throw ex;
		}
		return new EmbeddedMongo(server, server.getLocalAddress().getPort());
	}

}
