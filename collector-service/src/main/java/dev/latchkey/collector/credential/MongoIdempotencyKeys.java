package dev.latchkey.collector.credential;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import dev.latchkey.catalogue.IntegrationId;
import org.bson.Document;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Collection {@code idempotency_keys}, {@code _id} = SHA-256 of tenant and key, with a
 * TTL index on {@code expiresAt}. Expiry is also enforced by the service:
 * mongo-java-server ignores TTL indexes and a real MongoDB removes expired documents only
 * once a minute.
 */
@Component
class MongoIdempotencyKeys implements IdempotencyKeys {

	static final String COLLECTION = "idempotency_keys";

	private final ReactiveMongoTemplate mongo;

	private final Mono<String> ttlIndex;

	MongoIdempotencyKeys(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
		this.ttlIndex = mongo.indexOps(COLLECTION)
			.createIndex(new Index().on("expiresAt", Sort.Direction.ASC).expire(Duration.ZERO))
			.onErrorReturn("")
			.cache();
	}

	@Override
	public Mono<Boolean> create(IdempotencyRecord created) {
		return this.ttlIndex.then(this.mongo.insert(toDocument(created), COLLECTION))
			.thenReturn(true)
			.onErrorResume(DuplicateKeyException.class, (ex) -> Mono.just(false));
	}

	@Override
	public Mono<IdempotencyRecord> find(String id) {
		return this.mongo.findById(id, Document.class, COLLECTION).map(MongoIdempotencyKeys::fromDocument);
	}

	@Override
	public Mono<Boolean> replace(IdempotencyRecord replacement, long expectedVersion) {
		Query current = Query.query(Criteria.where("_id").is(replacement.id()).and("version").is(expectedVersion));
		return this.mongo.replace(current, toDocument(replacement), COLLECTION)
			.map((result) -> result.getMatchedCount() == 1);
	}

	static Document toDocument(IdempotencyRecord record) {
		Document document = new Document("_id", record.id()).append("fingerprint", record.fingerprint().hex())
			.append("eventId", record.eventId())
			.append("occurredAt", Date.from(record.occurredAt()))
			.append("state", record.state().name())
			.append("createdAt", Date.from(record.createdAt()))
			.append("expiresAt", Date.from(record.expiresAt()))
			.append("version", record.version());
		if (record.answer() != null) {
			// The 202 receipt, which is all a replay answers.
			document.append("answer",
					new Document("integrationId", record.answer().integrationId().value())
						.append("provider", record.answer().provider())
						.append("name", record.answer().name()));
		}
		if (record.lockedUntil() != null) {
			document.append("lockedUntil", Date.from(record.lockedUntil()));
		}
		return document;
	}

	private static IdempotencyRecord fromDocument(Document document) {
		Document answer = document.get("answer", Document.class);
		return new IdempotencyRecord(document.getString("_id"), new Fingerprint(document.getString("fingerprint")),
				document.getString("eventId"), instant(document, "occurredAt"),
				IdempotencyRecord.State.valueOf(document.getString("state")),
				(answer != null) ? new Accepted(new IntegrationId(answer.getString("integrationId")),
						answer.getString("provider"), answer.getString("name")) : null,
				instant(document, "createdAt"), instant(document, "expiresAt"), instant(document, "lockedUntil"),
				((Number) document.get("version")).longValue());
	}

	private static Instant instant(Document document, String field) {
		Date date = document.getDate(field);
		return (date != null) ? date.toInstant() : null;
	}

}
