package dev.latchkey.local;

import java.nio.file.Path;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
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
