package dev.latchkey.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedMongoIT {

	@Test
	void keepsDocumentsAcrossRestartWithTheH2Backend(@TempDir Path dir) {
		Path h2File = dir.resolve("data").resolve("mongo.mv");
		try (EmbeddedMongo mongo = EmbeddedMongo.persistent(h2File, 0)) {
			try (MongoClient client = MongoClients.create(mongo.connectionString())) {
				statuses(client).insertOne(new Document("_id", "integration-1").append("status", "VERIFIED"));
			}
		}
		try (EmbeddedMongo mongo = EmbeddedMongo.persistent(h2File, 0)) {
			try (MongoClient client = MongoClients.create(mongo.connectionString())) {
				Document found = statuses(client).find(new Document("_id", "integration-1")).first();

				assertThat(found).isNotNull();
				assertThat(found.getString("status")).isEqualTo("VERIFIED");
			}
		}
	}

	@Test
	void aQueryOnOneIdWithMoreConditions_answersAsAScanWould(@TempDir Path dir) {
		try (EmbeddedMongo mongo = EmbeddedMongo.persistent(dir.resolve("mongo.mv"), 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			MongoCollection<Document> credentials = statuses(client);
			for (int i = 0; i < 50; i++) {
				credentials.insertOne(new Document("_id", "integration-" + i).append("version", i % 3)
					.append("tags", List.of("t" + i)));
			}

			assertThat(
					credentials.find(Filters.and(Filters.eq("_id", "integration-4"), Filters.eq("version", 1))).first())
				.isNotNull();
			assertThat(
					credentials.find(Filters.and(Filters.eq("_id", "integration-4"), Filters.eq("version", 2))).first())
				.isNull();
			assertThat(credentials.find(Filters.and(Filters.eq("_id", "integration-7"),
					Filters.or(Filters.eq("tags", "t7"), Filters.exists("tags.3", false))))
				.first()).isNotNull();
			// A compare-and-set: applied once, refused when the version moved on.
			assertThat(credentials
				.updateOne(Filters.and(Filters.eq("_id", "integration-5"), Filters.eq("version", 2)),
						Updates.inc("version", 1))
				.getModifiedCount()).isOne();
			assertThat(credentials
				.updateOne(Filters.and(Filters.eq("_id", "integration-5"), Filters.eq("version", 2)),
						Updates.inc("version", 1))
				.getModifiedCount()).isZero();
			assertThat(credentials.findOneAndUpdate(
					Filters.and(Filters.eq("_id", "integration-8"), Filters.eq("version", 2)),
					Updates.set("seen", true)))
				.isNotNull();
			assertThat(credentials.deleteOne(Filters.and(Filters.eq("_id", "integration-9"), Filters.eq("version", 1)))
				.getDeletedCount()).isZero();
			assertThat(credentials.deleteOne(Filters.and(Filters.eq("_id", "integration-9"), Filters.eq("version", 0)))
				.getDeletedCount()).isOne();
			assertThat(credentials
				.countDocuments(Filters.and(Filters.eq("_id", "integration-9"), Filters.exists("version")))).isZero();
			assertThat(credentials.countDocuments(Filters.in("_id", "integration-1", "integration-2"))).isEqualTo(2);
			// The same, the conditions spelled out in a top-level $and.
			Document spelledOut = new Document("$and",
					List.of(new Document("_id", "integration-10"), new Document("version", 1)));
			assertThat(credentials.updateOne(spelledOut, Updates.set("seen", true)).getModifiedCount()).isOne();
			assertThat(credentials
				.find(new Document("$and", List.of(new Document("_id", "integration-10"), new Document("version", 2))))
				.first()).isNull();
		}
	}

	/**
	 * The same queries against two collections holding the same documents, one with
	 * non-unique indexes and one without: equal answers, before and after updates that
	 * move documents between keys, deletes, and a restart that rebuilds the indexes.
	 */
	@Test
	void aNonUniqueIndexAnswersAsAFullReadWould(@TempDir Path dir) {
		Path h2File = dir.resolve("mongo.mv");
		Random random = new Random(11);
		try (EmbeddedMongo mongo = EmbeddedMongo.persistent(h2File, 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			MongoCollection<Document> indexed = client.getDatabase("latchkey").getCollection("indexed");
			MongoCollection<Document> plain = client.getDatabase("latchkey").getCollection("plain");
			indexed.createIndex(Indexes.ascending("key"));
			indexed.createIndex(Indexes.compoundIndex(Indexes.ascending("at"), Indexes.descending("_id")));
			for (int i = 0; i < 300; i++) {
				Document document = randomDocument(i, random);
				indexed.insertOne(document);
				plain.insertOne(new Document(document));
			}
			assertSameAnswers(indexed, plain);
			for (int i = 0; i < 150; i++) {
				Bson one = Filters.eq("_id", "d" + random.nextInt(300));
				Bson change = random.nextBoolean() ? Updates.set("key", randomKey(random))
						: Updates.set("at", new Date(1_000L * random.nextInt(20)));
				indexed.updateOne(one, change);
				plain.updateOne(one, change);
				if (i % 5 == 0) {
					indexed.deleteOne(one);
					plain.deleteOne(one);
				}
			}
			indexed.updateMany(Filters.lt("at", new Date(5_000)), Updates.unset("at"));
			plain.updateMany(Filters.lt("at", new Date(5_000)), Updates.unset("at"));
			assertSameAnswers(indexed, plain);
		}
		try (EmbeddedMongo mongo = EmbeddedMongo.persistent(h2File, 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			assertSameAnswers(client.getDatabase("latchkey").getCollection("indexed"),
					client.getDatabase("latchkey").getCollection("plain"));
		}
	}

	private static Document randomDocument(int i, Random random) {
		Document document = new Document("_id", "d" + i);
		Object key = randomKey(random);
		if (key != null || random.nextBoolean()) {
			document.append("key", key);
		}
		if (random.nextInt(4) > 0) {
			document.append("at", new Date(1_000L * random.nextInt(20)));
		}
		return document;
	}

	/** Strings, numbers of two types, arrays, null: what a field may hold. */
	private static Object randomKey(Random random) {
		return switch (random.nextInt(6)) {
			case 0 -> "k" + random.nextInt(10);
			case 1 -> random.nextInt(10);
			case 2 -> random.nextInt(10) + 0.0;
			case 3 -> List.of(random.nextInt(10), "k" + random.nextInt(10));
			case 4 -> List.of(random.nextInt(3), random.nextInt(10) + 5);
			default -> null;
		};
	}

	private static void assertSameAnswers(MongoCollection<Document> indexed, MongoCollection<Document> plain) {
		List<Bson> queries = new ArrayList<>();
		for (int k = 0; k < 12; k++) {
			queries.add(Filters.eq("key", k));
			queries.add(Filters.eq("key", "k" + k));
			queries.add(Filters.lt("key", k));
			queries.add(Filters.gte("key", k));
			queries.add(Filters.and(Filters.gt("key", k), Filters.lt("key", k + 3)));
			queries.add(Filters.and(Filters.gt("key", k + 3), Filters.lt("key", k)));
			queries.add(Filters.in("key", k, "k" + k, 0.0 + k));
			queries.add(Filters.and(Filters.eq("key", k), Filters.lte("at", new Date(1_000L * k))));
			queries.add(Filters.lte("at", new Date(1_000L * k)));
			queries.add(Filters.and(Filters.gte("at", new Date(1_000L * k)),
					Filters.lt("at", new Date(1_000L * k + 3_000))));
		}
		queries.add(Filters.eq("key", null));
		queries.add(Filters.ne("key", 3));
		queries.add(Filters.exists("at", false));
		for (Bson query : queries) {
			assertThat(ids(indexed.find(query))).as(query.toString()).isEqualTo(ids(plain.find(query)));
			assertThat(indexed.countDocuments(query)).as(query.toString()).isEqualTo(plain.countDocuments(query));
		}
		Bson due = Filters.lte("at", new Date(9_000));
		assertThat(indexed.find(due)
			.sort(Sorts.ascending("at", "_id"))
			.limit(7)
			.map((d) -> d.getString("_id"))
			.into(new ArrayList<>()))
			.isEqualTo(plain.find(due)
				.sort(Sorts.ascending("at", "_id"))
				.limit(7)
				.map((d) -> d.getString("_id"))
				.into(new ArrayList<>()));
	}

	private static Set<String> ids(FindIterable<Document> found) {
		return found.map((document) -> document.getString("_id")).into(new TreeSet<>());
	}

	@Test
	void opensAFileTheUnmodifiedH2BackendWrote(@TempDir Path dir) {
		Path h2File = dir.resolve("mongo.mv");
		MongoServer plain = new MongoServer(new H2Backend(MVStore.open(h2File.toString())));
		try {
			java.net.InetSocketAddress address = plain.bind();
			try (MongoClient client = MongoClients.create("mongodb://localhost:" + address.getPort() + "/")) {
				statuses(client).insertOne(new Document("_id", "integration-1").append("version", 4));
				statuses(client).insertOne(new Document("_id", "integration-0").append("version", 3));
			}
		}
		finally {
			plain.shutdown();
		}
		try (EmbeddedMongo mongo = EmbeddedMongo.persistent(h2File, 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			assertThat(statuses(client).find(Filters.and(Filters.eq("_id", "integration-1"), Filters.eq("version", 4)))
				.first()).isNotNull();
			// Changes the indexes this backend keeps in memory and the plain one in H2.
			statuses(client).deleteOne(Filters.eq("_id", "integration-1"));
			statuses(client).insertOne(new Document("_id", "integration-2").append("version", 5));
		}
		// Once more, after this backend rewrote the file: closing compacts it, so every
		// document, the plain backend's too, is now kept as BSON.
		try (EmbeddedMongo mongo = EmbeddedMongo.persistent(h2File, 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			assertThat(statuses(client).find(Filters.eq("_id", "integration-1")).first()).isNull();
			assertThat(statuses(client).find(Filters.eq("_id", "integration-2")).first()).containsEntry("version", 5);
			assertThat(statuses(client).find(Filters.eq("_id", "integration-0")).first()).containsEntry("version", 3);
		}
	}

	@Test
	void forgetsDocumentsAcrossRestartInMemory() {
		try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(0)) {
			try (MongoClient client = MongoClients.create(mongo.connectionString())) {
				statuses(client).insertOne(new Document("_id", "integration-1"));
				assertThat(statuses(client).countDocuments()).isEqualTo(1);
			}
		}
		try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(0)) {
			try (MongoClient client = MongoClients.create(mongo.connectionString())) {
				assertThat(statuses(client).countDocuments()).isZero();
			}
		}
	}

	@Test
	void listensOnTheRequestedPort() {
		int port = FreePort.pick();
		try (EmbeddedMongo mongo = EmbeddedMongo.inMemory(port)) {
			assertThat(mongo.connectionString()).isEqualTo("mongodb://localhost:" + port + "/");
		}
	}

	private static MongoCollection<Document> statuses(MongoClient client) {
		return client.getDatabase("latchkey").getCollection("integration_status");
	}

}
