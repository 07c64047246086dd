package dev.latchkey.vault.lease;

import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Collection {@code lease_audit}, {@code _id} = lease id (granted) or an attempt id
 * (refused). {@code leasedAt} is the time of the attempt, granted or not (the name
 * predates refusals). Records written before outcomes were recorded have neither
 * {@code outcome} nor {@code authenticated}: they were granted, to a consumer that was
 * only named, never authenticated.
 */
@Component
class MongoLeaseAuditLog implements LeaseAuditLog {

	static final String COLLECTION = "lease_audit";

	private static final Logger logger = LoggerFactory.getLogger(MongoLeaseAuditLog.class);

	private final ReactiveMongoTemplate mongo;

	private final AtomicBoolean indexed = new AtomicBoolean();

	private final LeaseMeter meter;

	MongoLeaseAuditLog(ReactiveMongoTemplate mongo, LeaseMeter meter) {
		this.mongo = mongo;
		this.meter = meter;
	}

	@Override
	public Mono<Void> record(LeaseAudit audit) {
		Document document = new Document("_id", audit.id());
		putIfPresent(document, "leaseId", audit.leaseId());
		document.append("consumer", audit.consumer()).append("authenticated", audit.authenticated());
		putIfPresent(document, "purpose", audit.purpose());
		putIfPresent(document, "tenantId", audit.tenantId());
		putIfPresent(document, "integrationId", audit.integrationId());
		putIfPresent(document, "version", audit.version());
		document.append("outcome", audit.outcome().name());
		putIfPresent(document, "reason", audit.reason());
		document.append("leasedAt", Date.from(audit.at()));
		return this.mongo.insert(document, COLLECTION).then(Mono.fromRunnable(() -> this.meter.count(audit)));
	}

	@Override
	public Mono<List<LeaseAudit>> newestFirst(String tenantId, String integrationId, AccessLogCursor after, int limit) {
		Criteria ofIntegration = Criteria.where("tenantId").is(tenantId).and("integrationId").is(integrationId);
		Criteria criteria = (after == null) ? ofIntegration
				: new Criteria().andOperator(ofIntegration,
						new Criteria().orOperator(Criteria.where("leasedAt").lt(Date.from(after.at())),
								Criteria.where("leasedAt").is(Date.from(after.at())).and("_id").lt(after.id())));
		Query query = Query.query(criteria)
			.with(Sort.by(Sort.Order.desc("leasedAt"), Sort.Order.desc("_id")))
			.limit(limit);
		return ensureIndex().then(this.mongo.find(query, Document.class, COLLECTION).map(this::audit).collectList());
	}

	/**
	 * The access log's index, made on its first read. The log works without it, only
	 * slower: a failure is logged and tried again on the next read.
	 */
	private Mono<Void> ensureIndex() {
		if (this.indexed.get()) {
			return Mono.empty();
		}
		Index index = new Index().on("tenantId", Sort.Direction.ASC)
			.on("integrationId", Sort.Direction.ASC)
			.on("leasedAt", Sort.Direction.DESC)
			.on("_id", Sort.Direction.DESC);
		return this.mongo.indexOps(COLLECTION)
			.createIndex(index)
			.doOnNext((name) -> this.indexed.set(true))
			.onErrorResume((ex) -> {
				logger.warn("Cannot create the access log index on {} (tried again on the next read): {}", COLLECTION,
						ex.getClass().getSimpleName());
				return Mono.empty();
			})
			.then();
	}

	private LeaseAudit audit(Document document) {
		String outcome = document.getString("outcome");
		Number version = document.get("version", Number.class);
		return new LeaseAudit(document.getString("_id"), document.getString("leaseId"), document.getString("consumer"),
				Boolean.TRUE.equals(document.getBoolean("authenticated")), document.getString("purpose"),
				document.getString("tenantId"), document.getString("integrationId"),
				(version != null) ? version.longValue() : null,
				(outcome != null) ? LeaseAudit.Outcome.valueOf(outcome) : LeaseAudit.Outcome.GRANTED,
				document.getString("reason"), document.getDate("leasedAt").toInstant());
	}

	private static void putIfPresent(Document document, String key, Object value) {
		if (value != null) {
			document.append(key, value);
		}
	}

}
