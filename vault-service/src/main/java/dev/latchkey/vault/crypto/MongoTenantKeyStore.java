package dev.latchkey.vault.crypto;

import java.time.Instant;
import java.util.Date;

import org.bson.Document;
import org.bson.types.Binary;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Collection {@code tenant_keys}, one document per tenant with {@code _id} = tenant id.
 */
@Component
class MongoTenantKeyStore implements TenantKeyStore {

	static final String COLLECTION = "tenant_keys";

	private final ReactiveMongoTemplate mongo;

	MongoTenantKeyStore(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	@Override
	public Mono<TenantKeyRecord> find(String tenantId) {
		return this.mongo.findById(tenantId, Document.class, COLLECTION).map(MongoTenantKeyStore::toRecord);
	}

	@Override
	public Mono<TenantKeyRecord> createOrGet(TenantKeyRecord candidate) {
		Document document = new Document("_id", candidate.tenantId())
			.append("keyset", new Binary(candidate.encryptedKeyset()))
			.append("rootKeyId", candidate.rootKeyId())
			.append("tenantKeyId", candidate.tenantKeyId())
			.append("createdAt", Date.from(candidate.createdAt()));
		// _id is unique: of two concurrent creations exactly one insert wins, the other
		// reads the winner.
		return this.mongo.insert(document, COLLECTION)
			.thenReturn(candidate)
			.onErrorResume(DuplicateKeyException.class, (ex) -> find(candidate.tenantId()));
	}

	@Override
	public Mono<Boolean> replace(TenantKeyRecord current, TenantKeyRecord next) {
		Query unchanged = Query.query(Criteria.where("_id")
			.is(current.tenantId())
			.and("rootKeyId")
			.is(current.rootKeyId())
			.and("tenantKeyId")
			.is(current.tenantKeyId())
			.and("keyset")
			.ne(null));
		Update update = new Update().set("keyset", new Binary(next.encryptedKeyset()))
			.set("rootKeyId", next.rootKeyId())
			.set("tenantKeyId", next.tenantKeyId());
		return this.mongo.updateFirst(unchanged, update, COLLECTION).map((result) -> result.getMatchedCount() == 1);
	}

	@Override
	public Flux<String> notWrappedBy(long rootKeyId, String afterTenantId, int limit) {
		Criteria criteria = Criteria.where("rootKeyId").ne(rootKeyId).and("keyset").ne(null);
		if (afterTenantId != null) {
			criteria = criteria.and("_id").gt(afterTenantId);
		}
		Query query = Query.query(criteria).with(Sort.by("_id")).limit(limit);
		query.fields().include("_id");
		return this.mongo.find(query, Document.class, COLLECTION).map((document) -> document.getString("_id"));
	}

	@Override
	public Mono<Long> countNotWrappedBy(long rootKeyId) {
		return this.mongo.count(Query.query(Criteria.where("rootKeyId").ne(rootKeyId).and("keyset").ne(null)),
				COLLECTION);
	}

	@Override
	public Mono<Boolean> destroy(String tenantId, Instant at) {
		// Upsert: a tenant that never stored anything is offboarded too, and gets no key.
		Query present = Query.query(Criteria.where("_id").is(tenantId).and("keyset").ne(null));
		Update destroy = new Update().set("keyset", null).set("destroyedAt", Date.from(at));
		return this.mongo.updateFirst(present, destroy, COLLECTION)
			.flatMap((result) -> (result.getModifiedCount() == 1) ? Mono.just(true)
					: this.mongo
						.insert(new Document("_id", tenantId).append("keyset", null)
							.append("rootKeyId", 0L)
							.append("tenantKeyId", 0L)
							.append("createdAt", Date.from(at))
							.append("destroyedAt", Date.from(at)), COLLECTION)
						.thenReturn(true)
						.onErrorResume(DuplicateKeyException.class, (ex) -> Mono.just(false)));
	}

	private static TenantKeyRecord toRecord(Document document) {
		Object keyset = document.get("keyset");
		byte[] bytes = (keyset == null) ? new byte[0]
				: (keyset instanceof Binary binary) ? binary.getData() : (byte[]) keyset;
		return new TenantKeyRecord(document.getString("_id"), bytes,
				document.get("rootKeyId", Number.class).longValue(),
				document.get("tenantKeyId", Number.class).longValue(), document.getDate("createdAt").toInstant());
	}

}
