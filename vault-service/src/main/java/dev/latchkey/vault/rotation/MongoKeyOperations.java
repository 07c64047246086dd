package dev.latchkey.vault.rotation;

import java.util.Date;
import java.util.List;

import org.bson.Document;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Collection {@code key_operations}, one document per operation, {@code _id} = its id.
 */
@Component
class MongoKeyOperations implements KeyOperations {

	static final String COLLECTION = "key_operations";

	private final ReactiveMongoTemplate mongo;

	MongoKeyOperations(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	@Override
	public Mono<KeyOperation> find(String id) {
		return this.mongo.findById(id, Document.class, COLLECTION).map(MongoKeyOperations::toOperation);
	}

	@Override
	public Mono<KeyOperation> save(KeyOperation operation) {
		return this.mongo
			.findAndReplace(Query.query(Criteria.where("_id").is(operation.id())), toDocument(operation),
					FindAndReplaceOptions.options().upsert(), Document.class, COLLECTION)
			.thenReturn(operation);
	}

	@Override
	public Flux<KeyOperation> running() {
		return this.mongo
			.find(Query.query(Criteria.where("state").is(KeyOperation.State.RUNNING.name())), Document.class,
					COLLECTION)
			.map(MongoKeyOperations::toOperation);
	}

	@Override
	public Flux<KeyOperation> recent(int limit) {
		return this.mongo
			.find(new Query().with(Sort.by(Sort.Direction.DESC, "startedAt")).limit(limit), Document.class, COLLECTION)
			.map(MongoKeyOperations::toOperation);
	}

	private static Document toDocument(KeyOperation operation) {
		return new Document("_id", operation.id()).append("kind", operation.kind().name())
			.append("tenantId", operation.tenantId())
			.append("targetKeyId", operation.targetKeyId())
			.append("state", operation.state().name())
			.append("pass", operation.pass())
			.append("phase", operation.phase())
			.append("lastId", operation.lastId())
			.append("total", operation.total())
			.append("done", operation.done())
			.append("failed", operation.failed())
			.append("failures", operation.failures())
			.append("remaining", operation.remaining())
			.append("startedAt", Date.from(operation.startedAt()))
			.append("updatedAt", Date.from(operation.updatedAt()));
	}

	private static KeyOperation toOperation(Document document) {
		return new KeyOperation(document.getString("_id"), KeyOperation.Kind.valueOf(document.getString("kind")),
				document.getString("tenantId"), number(document, "targetKeyId"),
				KeyOperation.State.valueOf(document.getString("state")), (int) number(document, "pass"),
				(int) number(document, "phase"), document.getString("lastId"), number(document, "total"),
				number(document, "done"), number(document, "failed"),
				document.getList("failures", String.class, List.of()), number(document, "remaining"),
				document.getDate("startedAt").toInstant(), document.getDate("updatedAt").toInstant());
	}

	private static long number(Document document, String key) {
		Number number = document.get(key, Number.class);
		return (number != null) ? number.longValue() : 0;
	}

}
