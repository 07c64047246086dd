package dev.latchkey.scanner.scan;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.latchkey.catalogue.Probe.Verdict;
import dev.latchkey.local.EmbeddedMongo;
import dev.latchkey.scanner.Fixtures;
import dev.latchkey.scanner.probe.Finding;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;

class MongoAssessmentsIT {

	private static EmbeddedMongo mongo;

	private static MongoClient client;

	private static ReactiveMongoTemplate template;

	private final MongoAssessments assessments = new MongoAssessments(template);

	@BeforeAll
	static void start() {
		mongo = EmbeddedMongo.inMemory(0);
		client = MongoClients.create(mongo.connectionString());
		template = new ReactiveMongoTemplate(client, "latchkey");
	}

	@AfterAll
	static void stop() {
		client.close();
		mongo.close();
	}

	@Test
	void record_storesOneDocumentPerClaim_withItsFindings() {
		Assessment assessment = anAssessment(Fixtures.anIntegrationId(), 2, Verdict.VALID, 200);

		StepVerifier.create(this.assessments.record(assessment)).expectNext(assessment).verifyComplete();

		Document stored = template.findById(assessment.integrationId() + ":2", Document.class, "assessments").block();
		assertThat(stored.getList("findings", Document.class)).singleElement()
			.satisfies((finding) -> assertThat(finding).containsEntry("code", "KEY_KIND"));
		assertThat(stored).containsEntry("tenantId", assessment.tenantId())
			.containsEntry("provider", "demo")
			.containsEntry("version", 2L)
			.containsEntry("outcome", "VALID")
			.containsEntry("httpStatus", 200)
			.containsEntry("reason", "VERIFIED")
			.containsKeys("latencyMillis", "assessedAt", "eventId");
	}

	@Test
	void record_twice_keepsTheFirstAssessment() {
		String integrationId = Fixtures.anIntegrationId();
		Assessment first = anAssessment(integrationId, 1, Verdict.VALID, 200);
		Assessment second = anAssessment(integrationId, 1, Verdict.ERROR, null);

		this.assessments.record(first).block();

		StepVerifier.create(this.assessments.record(second)).expectNext(first).verifyComplete();
		StepVerifier
			.create(template.count(Query.query(Criteria.where("_id").is(first.id())), MongoAssessments.COLLECTION))
			.expectNext(1L)
			.verifyComplete();
	}

	@Test
	void find_returnsWhatWasRecorded_withoutAnHttpStatusWhenThereWasNone() {
		Assessment assessment = anAssessment(Fixtures.anIntegrationId(), 7, Verdict.ERROR, null);
		this.assessments.record(assessment).block();

		StepVerifier.create(this.assessments.find(assessment.id())).expectNext(assessment).verifyComplete();
		StepVerifier.create(this.assessments.find(assessment.integrationId() + ":8")).verifyComplete();
	}

	/** Claim fence = version here, to keep the ids readable. */
	private static Assessment anAssessment(String integrationId, long version, Verdict outcome, Integer status) {
		Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
		return new Assessment(UUID.randomUUID().toString(), Fixtures.aTenantId(), integrationId, "demo", version,
				outcome, status, 42, (outcome == Verdict.VALID) ? "VERIFIED" : "TIMEOUT", now, Trigger.SCHEDULED,
				List.of(new Finding("KEY_KIND", "INFO", "A live-mode key.", Map.of("kind", "live"))),
				now.plusSeconds(3600), 0, version);
	}

}
