package dev.latchkey.vault.credential;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import dev.latchkey.vault.crypto.Envelope;
import dev.latchkey.vault.crypto.StoredVersion;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;

/** The envelopes in {@code credential_versions} and {@code credentials}. */
@Component
class MongoStoredEnvelopes implements StoredEnvelopes {

	private final ReactiveMongoTemplate mongo;

	MongoStoredEnvelopes(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	@Override
	public Flux<Entry> notUnder(String collection, String tenantId, long tenantKeyId, String afterId, int limit) {
		Bson filter = notUnder(tenantId, tenantKeyId);
		if (afterId != null) {
			filter = Filters.and(filter, Filters.gt("_id", afterId));
		}
		Bson query = filter;
		boolean versions = MongoCredentialRepository.VERSIONS.equals(collection);
		return collection(collection)
			.flatMapMany((c) -> c.find(query)
				.projection(Projections.include("tenantId", "integrationId", "version", "provider", "name",
						"publicFields", "secret"))
				.sort(Sorts.ascending("_id"))
				.limit(limit))
			.map((document) -> new Entry(collection, document.getString("_id"),
					new StoredVersion(document.getString("tenantId"),
							versions ? document.getString("integrationId") : document.getString("_id"),
							document.get("version", Number.class).longValue(), document.getString("provider"),
							document.getString("name"), MongoCredentialRepository.strings(publicFields(document))),
					MongoCredentialRepository.toEnvelope(document.get("secret", Document.class))));
	}

	@Override
	public Mono<Long> countNotUnder(String tenantId, long tenantKeyId) {
		return Flux.fromIterable(COLLECTIONS)
			.concatMap((name) -> collection(name)
				.flatMap((c) -> Mono.from(c.countDocuments(notUnder(tenantId, tenantKeyId)))))
			.reduce(0L, Long::sum);
	}

	@Override
	public Mono<Boolean> replace(Entry entry, Envelope next) {
		Bson unchanged = Filters.and(Filters.eq("_id", entry.id()), Filters.eq("version", entry.where().version()),
				Filters.eq("secret.wrappedDataKey", new Binary(entry.envelope().wrappedDataKey())));
		Bson rewrap = Updates.combine(Updates.set("secret.wrappedDataKey", new Binary(next.wrappedDataKey())),
				Updates.set("secret.rootKeyId", next.rootKeyId()),
				Updates.set("secret.tenantKeyId", next.tenantKeyId()));
		return collection(entry.collection()).flatMap((c) -> Mono.from(c.updateOne(unchanged, rewrap)))
			.map((result) -> result.getMatchedCount() == 1);
	}

	private static Document publicFields(Document document) {
		Document fields = document.get("publicFields", Document.class);
		return (fields != null) ? fields : new Document();
	}

	private static Bson notUnder(String tenantId, long tenantKeyId) {
		return Filters.and(Filters.eq("tenantId", tenantId), Filters.exists("secret.wrappedDataKey"),
				Filters.ne("secret.tenantKeyId", tenantKeyId));
	}

	private Mono<MongoCollection<Document>> collection(String name) {
		return this.mongo.getCollection(name);
	}

}
