package dev.latchkey.local;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures acknowledged single-document inserts per second on an H2 file:
 * mongo-java-server's own backend (acknowledges before the file has the write) against
 * {@link DurableH2Backend} without and with fsync, one writer and eight. A measurement,
 * not a check: run it with
 * {@code -Dit.test=EmbeddedMongoWriteRateIT -Dlatchkey.measure=true}; the figures are in
 * the test's output.
 */
@EnabledIfSystemProperty(named = "latchkey.measure", matches = "true")
class EmbeddedMongoWriteRateIT {

	private static final long MEASURE_MILLIS = 3000;

	@TempDir
	Path dir;

	@Test
	void measure() throws Exception {
		List<String> lines = new ArrayList<>();
		for (int round = 1; round <= 2; round++) {
			for (int writers : new int[] { 1, 8 }) {
				lines.add(run("plain H2Backend", writers, 16, round, (file) -> new H2Backend(file)));
				lines.add(run("durable, write", writers, 16, round,
						(file) -> new DurableH2Backend(MVStore.open(file), false)));
				lines.add(run("durable, fsync", writers, 16, round,
						(file) -> new DurableH2Backend(MVStore.open(file), true)));
			}
			// Netty's default worker count on this machine (2 x cores): writers blocked
			// in a
			// commit hold up the other connections of their worker.
			int defaultWorkers = 2 * Runtime.getRuntime().availableProcessors();
			lines.add(run("durable, write", 8, defaultWorkers, round,
					(file) -> new DurableH2Backend(MVStore.open(file), false)));
		}
		System.out.println(String.join("\n", lines));
	}

	private String run(String name, int writers, int workers, int round, Function<String, H2Backend> backends)
			throws Exception {
		Path file = this.dir
			.resolve(name.replaceAll("\\W", "-") + "-" + writers + "-" + workers + "-" + round + ".mv.db");
		H2Backend backend = backends.apply(file.toString());
		MongoServer server = new MongoServer(backend);
		server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1, workers);
		int inserted;
		double seconds;
		long commits;
		try (MongoClient client = MongoClients
			.create("mongodb://localhost:" + server.getLocalAddress().getPort() + "/")) {
			MongoCollection<Document> items = client.getDatabase("rate").getCollection("items");
			insertFor(items, writers, 500);
			long commitsBefore = commits(backend);
			long started = System.nanoTime();
			inserted = insertFor(items, writers, MEASURE_MILLIS);
			seconds = (System.nanoTime() - started) / 1e9;
			commits = commits(backend) - commitsBefore;
		}
		finally {
			server.shutdown();
		}
		return String.format("round %d  %-16s %d writer(s), %2d workers: %7.0f inserts/s, file %5d KiB%s", round, name,
				writers, workers, inserted / seconds, Files.size(file) / 1024,
				(commits > 0)
						? String.format("  (%d commits, %.1f inserts per commit)", commits, (double) inserted / commits)
						: "");
	}

	private static int insertFor(MongoCollection<Document> items, int writers, long millis) throws Exception {
		AtomicInteger inserted = new AtomicInteger();
		long deadline = System.nanoTime() + millis * 1_000_000;
		ExecutorService pool = Executors.newFixedThreadPool(writers);
		List<Future<?>> done = new ArrayList<>();
		for (int w = 0; w < writers; w++) {
			done.add(pool.submit(() -> {
				while (System.nanoTime() < deadline) {
					items.insertOne(new Document("payload", "x".repeat(200)));
					inserted.incrementAndGet();
				}
			}));
		}
		for (Future<?> writer : done) {
			writer.get();
		}
		pool.shutdown();
		return inserted.get();
	}

	private static long commits(H2Backend backend) {
		return (backend instanceof DurableH2Backend durable) ? durable.commits() : 0;
	}

}
