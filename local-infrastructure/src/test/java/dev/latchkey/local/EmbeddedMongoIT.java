package dev.latchkey.local;

import java.nio.file.Path;
import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.bson.Document;
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

	@Test
	void opensAFileTheUnmodifiedH2BackendWrote(@TempDir Path dir) {
		Path h2File = dir.resolve("mongo.mv");
		MongoServer plain = new MongoServer(new H2Backend(MVStore.open(h2File.toString())));
		try {
			java.net.InetSocketAddress address = plain.bind();
			try (MongoClient client = MongoClients.create("mongodb://localhost:" + address.getPort() + "/")) {
				statuses(client).insertOne(new Document("_id", "integration-1").append("version", 4));
			}
		}
		finally {
			plain.shutdown();
		}
		try (EmbeddedMongo mongo = EmbeddedMongo.persistent(h2File, 0);
				MongoClient client = MongoClients.create(mongo.connectionString())) {
			assertThat(statuses(client).find(Filters.and(Filters.eq("_id", "integration-1"), Filters.eq("version", 4)))
				.first()).isNotNull();
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
