package dev.latchkey.vault.lease;

import java.time.Instant;
import java.util.List;

import dev.latchkey.vault.consumer.RegisteredConsumer;
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
 * {@code GET /internal/integrations/{id}/access-log?tenant=…&limit=…&cursor=…}: the lease
 * attempts on one integration, newest first, for a consumer allowed {@code access-log}
 * (the collector, which serves them to the tenant).
 */
@RestController
class AccessLogController {

	private final AccessLog accessLog;

	AccessLogController(AccessLog accessLog) {
		this.accessLog = accessLog;
	}

	@GetMapping(path = "/internal/integrations/{integrationId}/access-log", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<AccessLogResponse> accessLog(RegisteredConsumer consumer, @PathVariable String integrationId,
			@RequestParam String tenant, @RequestParam(defaultValue = "50") int limit,
			@RequestParam(required = false) String cursor) {
		return this.accessLog.page(consumer, tenant, integrationId, cursor, limit).map(AccessLogResponse::of);
	}

	@ExceptionHandler
	ResponseEntity<?> refused(LeaseRefusedException ex) {
		return LeaseController.answer(ex);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalid(IllegalArgumentException ex) {
		return ResponseEntity.badRequest()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage()));
	}

	/** A page as sent; {@code next} is {@code null} on the last one. */
	record AccessLogResponse(List<Entry> entries, String next) {

		static AccessLogResponse of(AccessLog.Page page) {
			return new AccessLogResponse(page.entries().stream().map(Entry::of).toList(), page.next());
		}

		record Entry(Instant at, String consumer, boolean authenticated, String purpose, Long version, String outcome,
				String reason) {

			static Entry of(LeaseAudit audit) {
				return new Entry(audit.at(), audit.consumer(), audit.authenticated(), audit.purpose(), audit.version(),
						audit.outcome().name(), audit.reason());
			}

		}

	}

}
