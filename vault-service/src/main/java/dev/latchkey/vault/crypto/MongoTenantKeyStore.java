package dev.latchkey.vault.crypto;

import java.util.Date;

import org.bson.Document;
import org.bson.types.Binary;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
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

	private static TenantKeyRecord toRecord(Document document) {
		Object keyset = document.get("keyset");
		byte[] bytes = (keyset instanceof Binary binary) ? binary.getData() : (byte[]) keyset;
		return new TenantKeyRecord(document.getString("_id"), bytes,
				document.get("rootKeyId", Number.class).longValue(),
				document.get("tenantKeyId", Number.class).longValue(), document.getDate("createdAt").toInstant());
	}

}
