package dev.latchkey.collector;

import dev.latchkey.local.EmbeddedMongo;

/**
 * An in-memory MongoDB (mongo-java-server) on a free port, started once per test JVM, for
 * tests that need no broker.
 */
public final class TestMongo {

	private static EmbeddedMongo server;

	private TestMongo() {
	}

	/** The connection string of a database on the shared server. */
	public static synchronized String uri(String database) {
		if (server == null) {
			server = EmbeddedMongo.inMemory(0);
			Runtime.getRuntime().addShutdownHook(new Thread(server::close, "test-mongo-shutdown"));
		}
		return server.connectionString() + database;
	}

}
