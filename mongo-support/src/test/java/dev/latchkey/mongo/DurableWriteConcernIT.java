package dev.latchkey.mongo;

import java.nio.file.Path;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.latchkey.local.EmbeddedMongo;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * mongo-java-server, the embedded default and the integration tests' MongoDB, accepts
 * writes with the durable write concern.
 */
class DurableWriteConcernIT {

	@Test
	void theEmbeddedMongoAcknowledgesMajorityJournaledWrites(@TempDir Path dir) {
		try (EmbeddedMongo mongo = EmbeddedMongo.persistent(dir.resolve("mongo.mv.db"), 0);
				MongoClient client = MongoClients.create(durable(mongo.connectionString()))) {
			MongoCollection<Document> items = client.getDatabase("latchkey").getCollection("items");
			assertThat(items.getWriteConcern()).isEqualTo(DurableWriteConcern.WRITE_CONCERN);

			assertThat(items.insertOne(new Document("_id", 1)).wasAcknowledged()).isTrue();
			assertThat(items.updateOne(Filters.eq("_id", 1), Updates.set("state", "ACTIVE")).getModifiedCount())
				.isEqualTo(1);
			assertThat(items.findOneAndUpdate(Filters.eq("_id", 1), Updates.set("state", "INVALID"))).isNotNull();
			assertThat(items.deleteOne(Filters.eq("_id", 1)).getDeletedCount()).isEqualTo(1);
		}
	}

	private static MongoClientSettings durable(String connectionString) {
		MongoClientSettings.Builder settings = MongoClientSettings.builder();
		new DurableWriteConcern().customize(settings);
		return settings.applyConnectionString(new ConnectionString(connectionString)).build();
	}

}
