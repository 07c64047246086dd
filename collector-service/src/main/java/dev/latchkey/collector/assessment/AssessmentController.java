package dev.latchkey.collector.assessment;

import java.util.List;
import java.util.regex.Pattern;

import dev.latchkey.catalogue.IntegrationId;
import dev.latchkey.collector.web.Problems;
import dev.latchkey.vaultclient.AssessmentPage;
import dev.latchkey.vaultclient.Assessments;
import dev.latchkey.vaultclient.VaultRefusedException;
import dev.latchkey.vaultclient.VaultUnavailableException;
import dev.latchkey.websecurity.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/integrations/{id}/assessments?limit=…&before=…}: every scan of one of
 * the tenant's integrations (when, which version, why it ran, the outcome and reason, the
 * platform's HTTP status and latency, the findings), newest first, a page at a time;
 * {@code before} is the {@code next} of the page before. Read from the vault, which
 * answers only for an integration of the token's tenant, so another tenant's id gets the
 * very 404 an unknown one gets. Never a secret.
 */
@RestController
class AssessmentController {

	static final int DEFAULT_LIMIT = 50;

	private static final Logger log = LoggerFactory.getLogger(AssessmentController.class);

	private static final Pattern CURSOR = Pattern.compile("[A-Za-z0-9_-]{1,512}");

	private final ObjectProvider<Assessments> vault;

	AssessmentController(ObjectProvider<Assessments> vault) {
		this.vault = vault;
	}

	@GetMapping(path = "/api/integrations/{integrationId}/assessments", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<?>> assessments(TenantId tenant, @PathVariable String integrationId,
			@RequestParam(required = false) String limit, @RequestParam(required = false) String before) {
		Assessments assessments = this.vault.getIfAvailable();
		if (assessments == null) {
			return Mono.just(Problems.VAULT_NOT_CONFIGURED
				.response("The collector has no key to read assessments from the vault"));
		}
		if (!IntegrationId.isWellFormed(integrationId)) {
			return Mono.just(unknown());
		}
		Integer pageSize = pageSize(limit);
		if (pageSize == null) {
			return Mono.just(Problems.INVALID_ASSESSMENTS_REQUEST
				.response("limit must be a number from 1 to " + AssessmentPage.MAX_LIMIT));
		}
		if (before != null && !CURSOR.matcher(before).matches()) {
			return Mono.just(invalidCursor());
		}
		return assessments.assessments(tenant.value(), integrationId, before, pageSize)
			.<ResponseEntity<?>>map((page) -> ResponseEntity.ok(AssessmentsResponse.of(integrationId, page)))
			.onErrorResume(VaultRefusedException.class,
					(ex) -> Mono.just((ex.status() == 400) ? invalidCursor() : unknown()))
			.onErrorResume(VaultUnavailableException.class, (ex) -> {
				log.warn("Assessments of integration {} not read: {}", integrationId, ex.getMessage());
				return Mono.just(ResponseEntity.status(Problems.UNAVAILABLE.status())
					.header(HttpHeaders.RETRY_AFTER, "5")
					.contentType(MediaType.APPLICATION_PROBLEM_JSON)
					.body(Problems.UNAVAILABLE.detail("The assessments cannot be read right now; try again")));
			});
	}

	private static Integer pageSize(String limit) {
		if (limit == null) {
			return DEFAULT_LIMIT;
		}
		try {
			int value = Integer.parseInt(limit);
			return (value >= 1 && value <= AssessmentPage.MAX_LIMIT) ? value : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static ResponseEntity<?> unknown() {
		return Problems.UNKNOWN_INTEGRATION.response("No such integration");
	}

	private static ResponseEntity<?> invalidCursor() {
		return Problems.INVALID_ASSESSMENTS_REQUEST.response("before must be the next of an earlier page");
	}

	/** A page as the tenant sees it; {@code next} is {@code null} on the last one. */
	record AssessmentsResponse(String integrationId, List<AssessmentPage.Assessment> entries, String next) {

		static AssessmentsResponse of(String integrationId, AssessmentPage page) {
			return new AssessmentsResponse(integrationId, page.entries(), page.next());
		}

	}

}
