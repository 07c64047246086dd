package dev.latchkey.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Acknowledged writes against the H2 file survive {@code kill -9} of the JVM serving it:
 * the server runs in a child JVM, is killed right after the last acknowledgement, and the
 * file is opened again in this one.
 */
class EmbeddedMongoCrashIT {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	@TempDir
	Path dir;

	@ParameterizedTest
	@ValueSource(strings = { "process-crash", "power-loss" })
	void everyKindOfAcknowledgedWriteSurvivesKill9(String durability) throws Exception {
		Path h2File = this.dir.resolve("mongo.mv.db");
		try (Child child = Child.serve(h2File, durability, this.dir)) {
			try (MongoClient client = MongoClients.create(child.connectionString)) {
				MongoCollection<Document> items = items(client);
				for (int i = 0; i < 100; i++) {
					items.insertOne(new Document("_id", i).append("state", "new"));
				}
				items.updateOne(Filters.eq("_id", 1), Updates.set("state", "updated"));
				items.updateMany(Filters.in("_id", 2, 3), Updates.set("state", "updated"));
				items.deleteOne(Filters.eq("_id", 4));
				items.findOneAndUpdate(Filters.eq("_id", 5), Updates.set("state", "found-and-modified"));
				items.findOneAndDelete(Filters.eq("_id", 6));
				items.bulkWrite(List.of(new InsertOneModel<>(new Document("_id", 100).append("state", "bulk")),
						new InsertOneModel<>(new Document("_id", 101).append("state", "bulk"))));
				items.insertMany(List.of(new Document("_id", 102), new Document("_id", 103)));
				items.createIndex(Indexes.ascending("state"));
				child.kill9();
			}
		}

		try (EmbeddedMongo reopened = EmbeddedMongo.persistent(h2File, 0);
				MongoClient client = MongoClients.create(reopened.connectionString())) {
			MongoCollection<Document> items = items(client);
			assertThat(items.countDocuments()).isEqualTo(102);
			assertThat(items.find(Filters.eq("state", "updated")).map((d) -> d.getInteger("_id")))
				.containsExactlyInAnyOrder(1, 2, 3);
			assertThat(items.find(Filters.in("_id", 4, 6)).first()).isNull();
			assertThat(items.find(Filters.eq("_id", 5)).first().getString("state")).isEqualTo("found-and-modified");
			assertThat(items.find(Filters.in("_id", 100, 101, 102, 103)).into(new ArrayList<>())).hasSize(4);
			assertThat(items.listIndexes().map((index) -> index.getString("name"))).contains("state_1");
		}
	}

	@Test
	void concurrentAcknowledgedInsertsSurviveKill9() throws Exception {
		Path h2File = this.dir.resolve("mongo.mv.db");
		Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
		try (Child child = Child.serve(h2File, "process-crash", this.dir)) {
			try (MongoClient client = MongoClients.create(child.connectionString)) {
				MongoCollection<Document> items = items(client);
				ExecutorService writers = Executors.newFixedThreadPool(8);
				List<Future<?>> done = new ArrayList<>();
				for (int writer = 0; writer < 8; writer++) {
					int first = writer * 1000;
					done.add(writers.submit(() -> IntStream.range(first, first + 50).forEach((id) -> {
						items.insertOne(new Document("_id", id));
						acknowledged.add(id);
					})));
				}
				for (Future<?> writer : done) {
					writer.get(60, TimeUnit.SECONDS);
				}
				child.kill9();
				writers.shutdown();
			}
		}

		try (EmbeddedMongo reopened = EmbeddedMongo.persistent(h2File, 0);
				MongoClient client = MongoClients.create(reopened.connectionString())) {
			List<Integer> stored = items(client).find().map((d) -> d.getInteger("_id")).into(new ArrayList<>());
			assertThat(acknowledged).hasSize(400);
			assertThat(stored).containsExactlyInAnyOrderElementsOf(acknowledged);
		}
	}

	/**
	 * Why the backend above exists: mongo-java-server's own H2 backend acknowledges a
	 * write before the store's background auto-commit (about once a second) reaches the
	 * file. (This could pass by luck only if that auto-commit landed in the few
	 * milliseconds between the last acknowledgement and the kill.)
	 */
	@Test
	void thePlainH2BackendLosesAcknowledgedInsertsOnKill9() throws Exception {
		Path h2File = this.dir.resolve("mongo.mv.db");
		try (Child child = Child.serve(h2File, "plain", this.dir)) {
			try (MongoClient client = MongoClients.create(child.connectionString)) {
				MongoCollection<Document> items = items(client);
				for (int i = 0; i < 100; i++) {
					items.insertOne(new Document("_id", i));
				}
				child.kill9();
			}
		}

		try (EmbeddedMongo reopened = EmbeddedMongo.persistent(h2File, 0);
				MongoClient client = MongoClients.create(reopened.connectionString())) {
			assertThat(items(client).countDocuments()).isLessThan(100);
		}
	}

	private static MongoCollection<Document> items(MongoClient client) {
		return client.getDatabase("crash").getCollection("items");
	}

	/** {@link MongoInAChildJvm} in a JVM of its own, on this test's class path. */
	private static final class Child implements AutoCloseable {

		private final ChildJvm jvm;

		private final String connectionString;

		private Child(ChildJvm jvm, String connectionString) {
			this.jvm = jvm;
			this.connectionString = connectionString;
		}

		static Child serve(Path h2File, String backend, Path dir) throws Exception {
			Path connectionFile = dir.resolve("connection-" + backend);
			ChildJvm jvm = ChildJvm.launch("mongo-" + backend,
					List.of("-cp", System.getProperty("java.class.path"), MongoInAChildJvm.class.getName(),
							h2File.toString(), connectionFile.toString(), backend),
					Map.of(), dir, dir.resolve("mongo-" + backend + ".log"));
			long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
			while (!Files.exists(connectionFile)) {
				if (System.nanoTime() > deadline
						|| !ProcessHandle.of(jvm.pid()).map(ProcessHandle::isAlive).orElse(false)) {
					jvm.close();
					throw new IllegalStateException("The child did not start serving:\n" + jvm.tail());
				}
				Thread.sleep(20);
			}
			return new Child(jvm, Files.readString(connectionFile));
		}

		/** SIGKILL: no shutdown hook, no chance to flush anything. */
		void kill9() throws Exception {
			ProcessHandle process = ProcessHandle.of(this.jvm.pid()).orElseThrow();
			process.destroyForcibly();
			process.onExit().get(30, TimeUnit.SECONDS);
		}

		@Override
		public void close() {
			this.jvm.close();
		}

	}

}
