package dev.latchkey.local;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * {@link DurableH2Backend} without and with fsync, one writer and eight. The setups take
 * turns, several rounds, and the median round is reported, so that a busy machine hurts
 * them alike. A measurement, not a check: run it with
 * {@code -Dit.test=EmbeddedMongoWriteRateIT -Dlatchkey.measure=true}; the figures are in
 * the test's output.
 */
@EnabledIfSystemProperty(named = "latchkey.measure", matches = "true")
class EmbeddedMongoWriteRateIT {

	private static final int ROUNDS = 5;

	private static final long MEASURE_MILLIS = 2000;

	private static final int WORKERS = 16;

	@TempDir
	Path dir;

	@Test
	void measure() throws Exception {
		// Netty's default worker count (2 x cores), for comparison: a writer blocked in a
		// commit holds up the other connections of its worker.
		int defaultWorkers = 2 * Runtime.getRuntime().availableProcessors();
		Map<String, Setup> setups = new LinkedHashMap<>();
		for (int writers : new int[] { 1, 8 }) {
			setups.put("plain H2Backend, " + writers + " writer(s)", new Setup(writers, WORKERS, H2Backend::new));
			setups.put("durable (write), " + writers + " writer(s)",
					new Setup(writers, WORKERS, (file) -> new DurableH2Backend(MVStore.open(file), false)));
			setups.put("durable (fsync), " + writers + " writer(s)",
					new Setup(writers, WORKERS, (file) -> new DurableH2Backend(MVStore.open(file), true)));
		}
		setups.put("durable (write), 8 writer(s), " + defaultWorkers + " Netty workers",
				new Setup(8, defaultWorkers, (file) -> new DurableH2Backend(MVStore.open(file), false)));
		Map<String, List<Result>> results = new LinkedHashMap<>();
		for (int round = 0; round < ROUNDS; round++) {
			for (Map.Entry<String, Setup> setup : setups.entrySet()) {
				results.computeIfAbsent(setup.getKey(), (name) -> new ArrayList<>())
					.add(setup.getValue().run(this.dir.resolve("round-" + round + "-" + results.size() + ".mv.db")));
			}
		}
		StringBuilder report = new StringBuilder("Acknowledged inserts per second, median of " + ROUNDS + " rounds:\n");
		results.forEach((name, rounds) -> {
			List<Result> sorted = rounds.stream().sorted((a, b) -> Double.compare(a.rate(), b.rate())).toList();
			Result median = sorted.get(sorted.size() / 2);
			report.append(String.format("%-50s %7.0f /s (rounds %.0f..%.0f)%s%n", name, median.rate(),
					sorted.get(0).rate(), sorted.get(sorted.size() - 1).rate(),
					(median.commits() > 0) ? String.format(", %.1f inserts per commit", median.perCommit()) : ""));
		});
		System.out.println(report);
	}

	private record Setup(int writers, int workers, Function<String, H2Backend> backends) {

		Result run(Path file) throws Exception {
			H2Backend backend = this.backends.apply(file.toString());
			MongoServer server = new MongoServer(backend);
			server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1, this.workers);
			try (MongoClient client = MongoClients
				.create("mongodb://localhost:" + server.getLocalAddress().getPort() + "/")) {
				MongoCollection<Document> items = client.getDatabase("rate").getCollection("items");
				insertFor(items, this.writers, 300);
				long commitsBefore = commits(backend);
				long started = System.nanoTime();
				int inserted = insertFor(items, this.writers, MEASURE_MILLIS);
				double seconds = (System.nanoTime() - started) / 1e9;
				long commits = commits(backend) - commitsBefore;
				return new Result(inserted / seconds, commits, (commits > 0) ? (double) inserted / commits : 0);
			}
			finally {
				server.shutdown();
			}
		}

	}

	private record Result(double rate, long commits, double perCommit) {

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
