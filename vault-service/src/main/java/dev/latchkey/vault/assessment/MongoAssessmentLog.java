package dev.latchkey.vault.assessment;

import java.time.Clock;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import dev.latchkey.vault.credential.Assessment;
import dev.latchkey.vault.credential.Finding;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Collection {@code assessments}, {@code _id} = the scan's event id (so a re-delivered
 * scan is kept once). Retention is enforced here, when a scan is added: the integration's
 * scans beyond the newest {@code keep}, and those older than {@code max-age}, are
 * deleted.
 */
@Component
class MongoAssessmentLog implements AssessmentLog {

	static final String COLLECTION = "assessments";

	private static final Logger logger = LoggerFactory.getLogger(MongoAssessmentLog.class);

	private final ReactiveMongoTemplate mongo;

	private final AssessmentProperties retention;

	private final Clock clock;

	private final AtomicBoolean indexed = new AtomicBoolean();

	MongoAssessmentLog(ReactiveMongoTemplate mongo, AssessmentProperties retention, Clock clock) {
		this.mongo = mongo;
		this.retention = retention;
		this.clock = clock;
	}

	@Override
	public Mono<Void> record(Assessment assessment) {
		return ensureIndex().then(this.mongo.insert(toDocument(assessment), COLLECTION))
			.thenReturn(true)
			.onErrorResume(DuplicateKeyException.class, (ex) -> Mono.just(false))
			.onErrorResume(MongoWriteException.class,
					(ex) -> (ex.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) ? Mono.just(false)
							: Mono.error(ex))
			.flatMap((added) -> added ? retain(assessment.integrationId()) : Mono.empty());
	}

	@Override
	public Mono<List<Assessment>> newestFirst(String tenantId, String integrationId, AssessmentCursor after,
			int limit) {
		Criteria ofIntegration = Criteria.where("tenantId").is(tenantId).and("integrationId").is(integrationId);
		Criteria criteria = (after == null) ? ofIntegration
				: new Criteria().andOperator(ofIntegration,
						new Criteria().orOperator(Criteria.where("checkedAt").lt(Date.from(after.at())),
								Criteria.where("checkedAt").is(Date.from(after.at())).and("_id").lt(after.id())));
		Query query = Query.query(criteria).with(newestFirst()).limit(limit);
		return ensureIndex().then(
				this.mongo.find(query, Document.class, COLLECTION).map(MongoAssessmentLog::toAssessment).collectList());
	}

	/**
	 * Deletes what retention no longer keeps of one integration: older than the oldest of
	 * its newest {@code keep} scans, and older than {@code max-age}.
	 */
	Mono<Void> retain(String integrationId) {
		Query beyondKept = Query.query(Criteria.where("integrationId").is(integrationId))
			.with(newestFirst())
			.skip(this.retention.keep())
			.limit(1);
		Mono<Long> byCount = this.mongo.findOne(beyondKept, Document.class, COLLECTION)
			.flatMap((first) -> this.mongo
				.remove(Query.query(new Criteria().andOperator(Criteria.where("integrationId").is(integrationId),
						new Criteria().orOperator(Criteria.where("checkedAt").lt(first.getDate("checkedAt")),
								Criteria.where("checkedAt")
									.is(first.getDate("checkedAt"))
									.and("_id")
									.lte(first.getString("_id"))))),
						COLLECTION))
			.map((result) -> result.getDeletedCount());
		Mono<Long> byAge = (this.retention.maxAge() == null) ? Mono.just(0L)
				: this.mongo
					.remove(Query.query(Criteria.where("integrationId")
						.is(integrationId)
						.and("checkedAt")
						.lt(Date.from(this.clock.instant().minus(this.retention.maxAge())))), COLLECTION)
					.map((result) -> result.getDeletedCount());
		return byCount.defaultIfEmpty(0L).then(byAge).then();
	}

	private static Sort newestFirst() {
		return Sort.by(Sort.Order.desc("checkedAt"), Sort.Order.desc("_id"));
	}

	/**
	 * The history's index, made on first use. It works without it, only slower: a failure
	 * is logged and tried again next time.
	 */
	private Mono<Void> ensureIndex() {
		if (this.indexed.get()) {
			return Mono.empty();
		}
		Index index = new Index().on("integrationId", Sort.Direction.ASC)
			.on("checkedAt", Sort.Direction.DESC)
			.on("_id", Sort.Direction.DESC);
		return this.mongo.indexOps(COLLECTION)
			.createIndex(index)
			.doOnNext((name) -> this.indexed.set(true))
			.onErrorResume((ex) -> {
				logger.warn("Cannot create the index on {} (tried again next time): {}", COLLECTION,
						ex.getClass().getSimpleName());
				return Mono.empty();
			})
			.then();
	}

	private static Document toDocument(Assessment assessment) {
		return new Document("_id", assessment.eventId()).append("tenantId", assessment.tenantId())
			.append("integrationId", assessment.integrationId())
			.append("provider", assessment.provider())
			.append("version", assessment.version())
			.append("checkedAt", Date.from(assessment.checkedAt()))
			.append("trigger", assessment.trigger())
			.append("outcome", assessment.outcome())
			.append("reason", assessment.reason())
			.append("httpStatus", assessment.httpStatus())
			.append("latencyMillis", assessment.latencyMillis())
			.append("findings",
					assessment.findings()
						.stream()
						.map((finding) -> new Document("code", finding.code()).append("severity", finding.severity())
							.append("message", finding.message())
							.append("attributes", new Document(new LinkedHashMap<>(finding.attributes()))))
						.toList())
			.append("nextCheckAt", (assessment.nextCheckAt() != null) ? Date.from(assessment.nextCheckAt()) : null)
			.append("consecutiveFailures", assessment.consecutiveFailures());
	}

	private static Assessment toAssessment(Document document) {
		Number httpStatus = document.get("httpStatus", Number.class);
		Number latency = document.get("latencyMillis", Number.class);
		Number failures = document.get("consecutiveFailures", Number.class);
		Date next = document.getDate("nextCheckAt");
		return new Assessment(document.getString("_id"), document.getString("tenantId"),
				document.getString("integrationId"), document.getString("provider"),
				document.get("version", Number.class).longValue(), document.getDate("checkedAt").toInstant(),
				document.getString("trigger"), document.getString("outcome"), document.getString("reason"),
				(httpStatus != null) ? httpStatus.intValue() : null, (latency != null) ? latency.longValue() : 0,
				document.getList("findings", Document.class, List.of())
					.stream()
					.map((finding) -> new Finding(finding.getString("code"), finding.getString("severity"),
							finding.getString("message"), strings(finding.get("attributes", Document.class))))
					.toList(),
				(next != null) ? next.toInstant() : null, (failures != null) ? failures.intValue() : 0);
	}

	private static Map<String, String> strings(Document document) {
		Map<String, String> strings = new LinkedHashMap<>();
		if (document != null) {
			document.forEach((key, value) -> strings.put(key, String.valueOf(value)));
		}
		return strings;
	}

}
