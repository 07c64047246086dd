package dev.latchkey.collector.oauth.connect;

import java.time.Duration;
import java.util.Date;

import org.bson.Document;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Collection {@code oauth_states}, {@code _id} = state hash, with a TTL index on
 * {@code expiresAt}. Expiry is also checked in code: mongo-java-server ignores TTL
 * indexes and a real MongoDB removes expired documents only once a minute.
 */
@Component
class MongoPendingConnects implements PendingConnects {

	static final String COLLECTION = "oauth_states";

	private final ReactiveMongoTemplate mongo;

	private final Mono<String> ttlIndex;

	MongoPendingConnects(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
		this.ttlIndex = mongo.indexOps(COLLECTION)
			.createIndex(new Index().on("expiresAt", Sort.Direction.ASC).expire(Duration.ZERO))
			.onErrorReturn("")
			.cache();
	}

	@Override
	public Mono<Void> save(PendingConnect pending) {
		Document document = new Document("_id", pending.stateHash()).append("tenantId", pending.tenantId())
			.append("provider", pending.provider())
			.append("name", pending.name())
			.append("codeVerifier", pending.codeVerifier())
			.append("returnUrl", pending.returnUrl())
			.append("expiresAt", Date.from(pending.expiresAt()))
			.append("browserHash", pending.browserHash());
		return this.ttlIndex.then(this.mongo.insert(document, COLLECTION)).then();
	}

	@Override
	public Mono<PendingConnect> take(String stateHash, String provider, String browserHash) {
		// One conditional find-and-remove: a callback naming another provider or coming
		// from another browser leaves the state for the right one.
		Query query = Query
			.query(Criteria.where("_id").is(stateHash).and("provider").is(provider).and("browserHash").is(browserHash));
		return this.mongo.findAndRemove(query, Document.class, COLLECTION).map(MongoPendingConnects::toConnect);
	}

	@Override
	public Mono<PendingConnect> find(String stateHash) {
		return this.mongo.findById(stateHash, Document.class, COLLECTION).map(MongoPendingConnects::toConnect);
	}

	private static PendingConnect toConnect(Document document) {
		return new PendingConnect(document.getString("_id"), document.getString("tenantId"),
				document.getString("provider"), document.getString("name"), document.getString("codeVerifier"),
				document.getString("returnUrl"), document.getDate("expiresAt").toInstant(),
				document.getString("browserHash"));
	}

}
