package dev.latchkey.collector.credential;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.latchkey.catalogue.IntegrationId;
import dev.latchkey.collector.Fixtures;
import dev.latchkey.collector.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The MongoDB adapter against mongo-java-server: insert once, compare-and-set on the
 * version, and documents that hold hashes and ids but nothing submitted.
 */
class MongoIdempotencyKeysTest {

	private static final Instant NOW = Instant.parse("2026-11-24T10:15:30.123Z");

	private final MongoClient client = MongoClients.create(TestMongo.uri(""));

	private final ReactiveMongoTemplate mongo = new ReactiveMongoTemplate(this.client,
			"idempotency_" + UUID.randomUUID().toString().substring(0, 8));

	private final MongoIdempotencyKeys keys = new MongoIdempotencyKeys(this.mongo);

	private final IdempotencyKey key = new IdempotencyKey("order-42");

	private final String id = this.key.scopedTo(Fixtures.TENANT);

	private final IdempotencyRecord fresh = IdempotencyRecord.inFlight(this.id,
			Fingerprint.of(this.id, "demo", "default", Fixtures.aDemoCredential()), UUID.randomUUID().toString(), NOW,
			Duration.ofHours(24), Duration.ofSeconds(20));

	@AfterEach
	void close() {
		this.mongo.getMongoDatabase().flatMap((db) -> reactor.core.publisher.Mono.from(db.drop())).block();
		this.client.close();
	}

	@Test
	void create_insertsOnceAndFindReadsItBack() {
		StepVerifier.create(this.keys.create(this.fresh)).expectNext(true).verifyComplete();
		StepVerifier.create(this.keys.create(this.fresh)).expectNext(false).verifyComplete();

		StepVerifier.create(this.keys.find(this.id)).expectNext(this.fresh).verifyComplete();
		StepVerifier.create(this.keys.find("no-such-record")).verifyComplete();
	}

	@Test
	void replace_setsOnlyWhileTheVersionIsUnchanged() {
		this.keys.create(this.fresh).block();
		Accepted answer = new Accepted(IntegrationId.of(Fixtures.TENANT, "demo", "default"), "demo", "default");
		IdempotencyRecord succeeded = this.fresh.succeeded(answer);

		StepVerifier.create(this.keys.replace(succeeded, 0)).expectNext(true).verifyComplete();
		StepVerifier.create(this.keys.replace(this.fresh.failed(), 0)).expectNext(false).verifyComplete();

		StepVerifier.create(this.keys.find(this.id)).expectNext(succeeded).verifyComplete();
	}

	@Test
	void aDocumentHoldsHashesIdsAndTimesButNothingSubmitted() {
		this.keys.create(this.fresh).block();
		this.keys
			.replace(this.fresh
				.succeeded(new Accepted(IntegrationId.of(Fixtures.TENANT, "demo", "default"), "demo", "default")), 0)
			.block();

		Document stored = this.mongo.findById(this.id, Document.class, MongoIdempotencyKeys.COLLECTION).block();

		assertThat(stored.keySet()).containsExactlyInAnyOrder("_id", "fingerprint", "eventId", "occurredAt", "state",
				"answer", "createdAt", "expiresAt", "version");
		assertThat(stored.get("answer", Document.class).keySet()).containsExactlyInAnyOrder("integrationId", "provider",
				"name");
		assertThat(stored.toJson()).doesNotContain(Fixtures.CANARY).doesNotContain(this.key.value());
	}

	@Test
	void expiresAtHasATtlIndex() {
		this.keys.create(this.fresh).block();

		Document index = this.mongo.indexOps(MongoIdempotencyKeys.COLLECTION)
			.getIndexInfo()
			.filter((info) -> info.isIndexForFields(java.util.List.of("expiresAt")))
			.map((info) -> new Document("ttl", info.getExpireAfter().orElse(null)))
			.blockFirst();

		assertThat(index).isNotNull();
		assertThat(index.get("ttl")).isEqualTo(Duration.ZERO);
	}

}
