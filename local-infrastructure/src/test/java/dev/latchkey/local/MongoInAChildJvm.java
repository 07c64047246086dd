package dev.latchkey.local;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

/**
 * Serves an H2 file until it is killed, for tests that kill it. Arguments: the H2 file,
 * the file to write the connection string to once listening, and the backend:
 * {@code process-crash} or {@code power-loss} ({@link EmbeddedMongo}'s durabilities), or
 * {@code plain} (mongo-java-server's own H2 backend, for comparison).
 */
public final class MongoInAChildJvm {

	private MongoInAChildJvm() {
	}

	public static void main(String[] args) throws Exception {
		Path h2File = Path.of(args[0]);
		Path connectionFile = Path.of(args[1]);
		String connectionString = switch (args[2]) {
			case "plain" -> {
				MongoServer server = new MongoServer(new H2Backend(h2File.toString()));
				server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
				yield "mongodb://localhost:" + server.getLocalAddress().getPort() + "/";
			}
			case "process-crash" ->
				EmbeddedMongo.persistent(h2File, 0, EmbeddedMongo.Durability.SURVIVES_PROCESS_CRASH).connectionString();
			case "power-loss" ->
				EmbeddedMongo.persistent(h2File, 0, EmbeddedMongo.Durability.SURVIVES_POWER_LOSS).connectionString();
			default -> throw new IllegalArgumentException("Unknown backend " + args[2]);
		};
		Path written = Files.writeString(connectionFile.resolveSibling(connectionFile.getFileName() + ".tmp"),
				connectionString);
		Files.move(written, connectionFile, StandardCopyOption.ATOMIC_MOVE);
		Thread.sleep(Long.MAX_VALUE);
	}

}
