package dev.latchkey.collector.limit;

import org.bson.Document;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Collection {@code tenant_integrations}: one document per tenant, {@code _id} = tenant
 * id, {@code integrations} = the ids of its integrations. Recording is one conditional
 * update of that document (the id is already there, or the list is shorter than the
 * limit), so collector instances racing to add a tenant's last allowed integration cannot
 * exceed the limit together.
 */
final class MongoTenantIntegrations implements TenantIntegrations {

	static final String COLLECTION = "tenant_integrations";

	private static final String INTEGRATIONS = "integrations";

	private final ReactiveMongoTemplate mongo;

	MongoTenantIntegrations(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	@Override
	public Mono<Boolean> record(String tenantId, String integrationId, int limit) {
		return addIfAllowed(tenantId, integrationId, limit).flatMap((added) -> added ? Mono.just(true) : this.mongo
			.insert(new Document("_id", tenantId).append(INTEGRATIONS, java.util.List.of(integrationId)), COLLECTION)
			.thenReturn(true)
			// The tenant's document exists: the limit refused it, or another
			// instance created the document in between.
			.onErrorResume(DuplicateKeyException.class, (ex) -> addIfAllowed(tenantId, integrationId, limit)));
	}

	@Override
	public Mono<Boolean> admits(String tenantId, String integrationId, int limit) {
		return this.mongo.exists(Query.query(allowed(tenantId, integrationId, limit)), COLLECTION)
			.flatMap((allowed) -> allowed ? Mono.just(true)
					: this.mongo.exists(Query.query(Criteria.where("_id").is(tenantId)), COLLECTION)
						.map((exists) -> !exists));
	}

	@Override
	public Mono<Void> forget(String tenantId, String integrationId) {
		return this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(tenantId)),
					new Update().pull(INTEGRATIONS, integrationId), COLLECTION)
			.then();
	}

	private Mono<Boolean> addIfAllowed(String tenantId, String integrationId, int limit) {
		return this.mongo
			.updateFirst(Query.query(allowed(tenantId, integrationId, limit)),
					new Update().addToSet(INTEGRATIONS, integrationId), COLLECTION)
			.map((result) -> result.getMatchedCount() > 0);
	}

	/**
	 * The tenant's document, when it already lists the integration or lists fewer than
	 * {@code limit} (element {@code limit - 1} does not exist).
	 */
	private static Criteria allowed(String tenantId, String integrationId, int limit) {
		return Criteria.where("_id")
			.is(tenantId)
			.orOperator(Criteria.where(INTEGRATIONS).is(integrationId),
					Criteria.where(INTEGRATIONS + "." + (limit - 1)).exists(false));
	}

}
