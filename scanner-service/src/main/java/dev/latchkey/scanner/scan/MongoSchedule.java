package dev.latchkey.scanner.scan;

import java.time.Instant;
import java.util.Date;

import org.bson.Document;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Repository;

/**
 * Collection {@code scan_schedule}, {@code _id} = integration id, indexed on
 * {@code nextCheckAt}: a claim round reads the ids and revisions of up to a batch of
 * documents with {@code nextCheckAt <= now} in {@code nextCheckAt} order (one index range
 * read however many integrations there are), then claims each with a
 * {@code findAndModify} that holds only while its {@code revision} is still the one read.
 * Every other write likewise replaces the document only if its {@code revision} is
 * unchanged.
 */
@Repository
class MongoSchedule implements Schedule {

	static final String COLLECTION = "scan_schedule";

	private final ReactiveMongoOperations mongo;

	MongoSchedule(ReactiveMongoOperations mongo) {
		this.mongo = mongo;
	}

	Mono<Void> createIndexes() {
		return this.mongo.indexOps(COLLECTION)
			.createIndex(new Index().on("nextCheckAt", Sort.Direction.ASC))
			// Every write is a compare-and-set on (_id, revision). MongoDB serves it from
			// _id alone (this index is then redundant, one more entry per write);
			// mongo-java-server, the embedded default, uses an index only for a query
			// whose keys are exactly a unique index's, and would read every entry.
			.then(this.mongo.indexOps(COLLECTION)
				.createIndex(new Index().on("_id", Sort.Direction.ASC).on("revision", Sort.Direction.ASC).unique()))
			.then();
	}

	@Override
	public Mono<ScheduledIntegration> find(String integrationId) {
		return this.mongo.findById(integrationId, Document.class, COLLECTION).map(MongoSchedule::fromDocument);
	}

	@Override
	public Mono<Boolean> insert(ScheduledIntegration integration) {
		return this.mongo.insert(toDocument(integration, integration.revision()), COLLECTION)
			.thenReturn(true)
			.onErrorResume(DuplicateKeyException.class, (ex) -> Mono.just(false));
	}

	@Override
	public Mono<Boolean> replace(ScheduledIntegration integration) {
		Query unchanged = Query
			.query(Criteria.where("_id").is(integration.id()).and("revision").is(integration.revision()));
		return this.mongo.replace(unchanged, toDocument(integration, integration.revision() + 1), COLLECTION)
			.map((result) -> result.getModifiedCount() == 1 || result.getMatchedCount() == 1);
	}

	@Override
	public Mono<Void> delete(String integrationId) {
		return this.mongo.remove(Query.query(Criteria.where("_id").is(integrationId)), COLLECTION).then();
	}

	@Override
	public Flux<ScheduledIntegration> claimDue(String owner, Instant now, Instant claimUntil, int max) {
		Query due = Query.query(Criteria.where("nextCheckAt").lte(Date.from(now)))
			.with(Sort.by(Sort.Direction.ASC, "nextCheckAt"))
			.limit(max);
		due.fields().include("_id").include("revision");
		// Read the batch first, then claim each as read: still due only if nobody wrote
		// it since (its revision unchanged; every write moves it).
		return this.mongo.find(due, Document.class, COLLECTION)
			.collectList()
			.flatMapMany(Flux::fromIterable)
			.concatMap((entry) -> claim(entry.getString("_id"), number(entry, "revision"), owner, claimUntil));
	}

	private Mono<ScheduledIntegration> claim(String id, long revision, String owner, Instant claimUntil) {
		Query unchanged = Query.query(Criteria.where("_id").is(id).and("revision").is(revision));
		Update claim = new Update().set("claimOwner", owner)
			.set("claimUntil", Date.from(claimUntil))
			.set("nextCheckAt", Date.from(claimUntil))
			.inc("fence", 1)
			.inc("revision", 1);
		return this.mongo
			.findAndModify(unchanged, claim, FindAndModifyOptions.options().returnNew(true), Document.class, COLLECTION)
			.map(MongoSchedule::fromDocument);
	}

	static Document toDocument(ScheduledIntegration entry, long revision) {
		return new Document("_id", entry.id()).append("tenantId", entry.tenantId())
			.append("provider", entry.provider())
			.append("version", entry.version())
			.append("state", entry.state())
			.append("wasActive", entry.wasActive())
			.append("createdAt", date(entry.createdAt()))
			.append("versionSince", date(entry.versionSince()))
			.append("expiresAt", date(entry.expiresAt()))
			.append("scanEverySeconds", entry.scanEverySeconds())
			.append("nextCheckAt", date(entry.nextCheckAt()))
			.append("trigger", entry.trigger().name())
			.append("lastCheckedAt", date(entry.lastCheckedAt()))
			.append("consecutiveFailures", entry.consecutiveFailures())
			.append("infrastructureFailures", entry.infrastructureFailures())
			.append("claimOwner", entry.claimOwner())
			.append("fence", entry.fence())
			.append("claimUntil", date(entry.claimUntil()))
			.append("requested", (entry.requested() != null) ? entry.requested().name() : null)
			.append("pending", (entry.pending() != null) ? MongoAssessments.toDocument(entry.pending()) : null)
			.append("cause", entry.cause())
			.append("revision", revision);
	}

	static ScheduledIntegration fromDocument(Document document) {
		Number every = document.get("scanEverySeconds", Number.class);
		String requested = document.getString("requested");
		Document pending = document.get("pending", Document.class);
		return new ScheduledIntegration(document.getString("_id"), document.getString("tenantId"),
				document.getString("provider"), number(document, "version"), document.getString("state"),
				Boolean.TRUE.equals(document.getBoolean("wasActive")), instant(document, "createdAt"),
				instant(document, "versionSince"), instant(document, "expiresAt"),
				(every != null) ? every.longValue() : null, instant(document, "nextCheckAt"),
				Trigger.valueOf(document.getString("trigger")), instant(document, "lastCheckedAt"),
				(int) number(document, "consecutiveFailures"), (int) number(document, "infrastructureFailures"),
				document.getString("claimOwner"), number(document, "fence"), instant(document, "claimUntil"),
				(requested != null) ? Trigger.valueOf(requested) : null,
				(pending != null) ? MongoAssessments.fromDocument(pending) : null, document.getString("cause"),
				number(document, "revision"));
	}

	private static long number(Document document, String key) {
		Number value = document.get(key, Number.class);
		return (value != null) ? value.longValue() : 0;
	}

	private static Date date(Instant instant) {
		return (instant != null) ? Date.from(instant) : null;
	}

	private static Instant instant(Document document, String key) {
		Date date = document.getDate(key);
		return (date != null) ? date.toInstant() : null;
	}

}
