package dev.latchkey.vault.assessment;

import java.time.Instant;
import java.util.List;

import dev.latchkey.vault.consumer.InternalApiRefusal;
import dev.latchkey.vault.consumer.RegisteredConsumer;
import dev.latchkey.vault.credential.Assessment;
import dev.latchkey.vault.credential.Finding;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /internal/integrations/{id}/assessments?tenant=…&limit=…&cursor=…}: the
 * scans of one integration, newest first, for a consumer allowed {@code access-log} (the
 * collector, which serves them to the tenant). Anything it may not see is the one refusal
 * of the internal API.
 */
@RestController
class AssessmentController {

	private final Assessments assessments;

	AssessmentController(Assessments assessments) {
		this.assessments = assessments;
	}

	@GetMapping(path = "/internal/integrations/{integrationId}/assessments",
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<?>> assessments(RegisteredConsumer consumer, @PathVariable String integrationId,
			@RequestParam String tenant, @RequestParam(defaultValue = "50") int limit,
			@RequestParam(required = false) String cursor) {
		return this.assessments.page(consumer, tenant, integrationId, cursor, limit)
			.<ResponseEntity<?>>map((page) -> ResponseEntity.ok(AssessmentsResponse.of(page)))
			.defaultIfEmpty(InternalApiRefusal.response());
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalid(IllegalArgumentException ex) {
		return ResponseEntity.badRequest()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage()));
	}

	/** A page as sent; {@code next} is {@code null} on the last one. */
	record AssessmentsResponse(List<Entry> entries, String next) {

		static AssessmentsResponse of(Assessments.Page page) {
			return new AssessmentsResponse(page.entries().stream().map(Entry::of).toList(), page.next());
		}

		record Entry(Instant at, long version, String trigger, String outcome, String reason, Integer httpStatus,
				long latencyMillis, List<Finding> findings, int consecutiveFailures) {

			static Entry of(Assessment assessment) {
				return new Entry(assessment.checkedAt(), assessment.version(), assessment.trigger(),
						assessment.outcome(), assessment.reason(), assessment.httpStatus(), assessment.latencyMillis(),
						assessment.findings(), assessment.consecutiveFailures());
			}

		}

	}

}
