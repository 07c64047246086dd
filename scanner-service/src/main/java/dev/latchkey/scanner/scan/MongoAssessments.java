package dev.latchkey.scanner.scan;

import java.util.Date;

import dev.latchkey.catalogue.Probe.Verdict;
import org.bson.Document;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.stereotype.Repository;

/**
 * Collection {@code assessments}, {@code _id} = integration id + ":" + version. Inserting
 * twice fails on the id, which makes recording idempotent.
 */
@Repository
class MongoAssessments implements Assessments {

	static final String COLLECTION = "assessments";

	private final ReactiveMongoOperations mongo;

	MongoAssessments(ReactiveMongoOperations mongo) {
		this.mongo = mongo;
	}

	@Override
	public Mono<Assessment> find(String integrationId, long version) {
		return this.mongo.findById(Assessment.idOf(integrationId, version), Document.class, COLLECTION)
			.map(MongoAssessments::fromDocument);
	}

	@Override
	public Mono<Assessment> record(Assessment assessment) {
		return this.mongo.insert(toDocument(assessment), COLLECTION)
			.thenReturn(assessment)
			.onErrorResume(DuplicateKeyException.class, (ex) -> find(assessment.integrationId(), assessment.version()));
	}

	static Document toDocument(Assessment assessment) {
		return new Document("_id", assessment.id()).append("eventId", assessment.eventId())
			.append("tenantId", assessment.tenantId())
			.append("integrationId", assessment.integrationId())
			.append("provider", assessment.provider())
			.append("version", assessment.version())
			.append("outcome", assessment.outcome().name())
			.append("httpStatus", assessment.httpStatus())
			.append("latencyMillis", assessment.latencyMillis())
			.append("reason", assessment.reason())
			.append("assessedAt", Date.from(assessment.assessedAt()));
	}

	static Assessment fromDocument(Document document) {
		Number httpStatus = document.get("httpStatus", Number.class);
		return new Assessment(document.getString("eventId"), document.getString("tenantId"),
				document.getString("integrationId"), document.getString("provider"),
				document.get("version", Number.class).longValue(), Verdict.valueOf(document.getString("outcome")),
				(httpStatus != null) ? httpStatus.intValue() : null,
				document.get("latencyMillis", Number.class).longValue(), document.getString("reason"),
				document.getDate("assessedAt").toInstant());
	}

}
