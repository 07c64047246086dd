package dev.latchkey.scanner.scan;

import java.util.Date;
import java.util.List;
import java.util.Map;

import dev.latchkey.catalogue.Probe.Verdict;
import dev.latchkey.scanner.probe.Finding;
import org.bson.Document;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Repository;

/**
 * Collection {@code assessments}, {@code _id} = integration id + ":" + claim fence.
 * Inserting twice fails on the id, which makes recording idempotent per claim; a
 * scheduled scan of the same version is a new claim and so a new assessment.
 */
@Repository
class MongoAssessments implements Assessments {

	static final String COLLECTION = "assessments";

	private final ReactiveMongoOperations mongo;

	MongoAssessments(ReactiveMongoOperations mongo) {
		this.mongo = mongo;
	}

	Mono<Void> createIndexes() {
		return this.mongo.indexOps(COLLECTION).createIndex(new Index().on("integrationId", Sort.Direction.ASC)).then();
	}

	Mono<Assessment> find(String id) {
		return this.mongo.findById(id, Document.class, COLLECTION).map(MongoAssessments::fromDocument);
	}

	@Override
	public Mono<Assessment> record(Assessment assessment) {
		return this.mongo.insert(toDocument(assessment), COLLECTION)
			.thenReturn(assessment)
			.onErrorResume(DuplicateKeyException.class, (ex) -> find(assessment.id()));
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
			.append("assessedAt", Date.from(assessment.assessedAt()))
			.append("trigger", assessment.trigger().name())
			.append("findings",
					assessment.findings()
						.stream()
						.map((finding) -> new Document("code", finding.code()).append("severity", finding.severity())
							.append("message", finding.message())
							.append("attributes", new Document(Map.copyOf(finding.attributes()))))
						.toList())
			.append("nextCheckAt", (assessment.nextCheckAt() != null) ? Date.from(assessment.nextCheckAt()) : null)
			.append("consecutiveFailures", assessment.consecutiveFailures())
			.append("fence", assessment.fence());
	}

	static Assessment fromDocument(Document document) {
		Number httpStatus = document.get("httpStatus", Number.class);
		Date next = document.getDate("nextCheckAt");
		List<Finding> findings = document.getList("findings", Document.class, List.of())
			.stream()
			.map((finding) -> new Finding(finding.getString("code"), finding.getString("severity"),
					finding.getString("message"), attributes(finding.get("attributes", Document.class))))
			.toList();
		return new Assessment(document.getString("eventId"), document.getString("tenantId"),
				document.getString("integrationId"), document.getString("provider"),
				document.get("version", Number.class).longValue(), Verdict.valueOf(document.getString("outcome")),
				(httpStatus != null) ? httpStatus.intValue() : null,
				document.get("latencyMillis", Number.class).longValue(), document.getString("reason"),
				document.getDate("assessedAt").toInstant(), Trigger.valueOf(document.getString("trigger")), findings,
				(next != null) ? next.toInstant() : null, document.get("consecutiveFailures", Number.class).intValue(),
				document.get("fence", Number.class).longValue());
	}

	private static Map<String, String> attributes(Document attributes) {
		if (attributes == null) {
			return Map.of();
		}
		Map<String, String> map = new java.util.LinkedHashMap<>();
		attributes.forEach((key, value) -> map.put(key, String.valueOf(value)));
		return map;
	}

}
