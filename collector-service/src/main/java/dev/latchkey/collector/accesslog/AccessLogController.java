package dev.latchkey.collector.accesslog;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

import dev.latchkey.catalogue.IntegrationId;
import dev.latchkey.collector.web.Problems;
import dev.latchkey.vaultclient.AccessLogEntry;
import dev.latchkey.vaultclient.AccessLogPage;
import dev.latchkey.vaultclient.AccessLogs;
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
 * {@code GET /api/integrations/{id}/access-log}: every lease attempt on one of the
 * tenant's integrations (who, authenticated or not, for what purpose, which version,
 * when, granted or refused), newest first, a page at a time. The tenant is the token's;
 * the vault answers only for an integration of that tenant, so another tenant's id gets
 * the very 404 an unknown one gets. Never a secret.
 */
@RestController
class AccessLogController {

	static final int DEFAULT_LIMIT = 50;

	private static final Logger log = LoggerFactory.getLogger(AccessLogController.class);

	private static final Pattern CURSOR = Pattern.compile("[A-Za-z0-9_-]{1,512}");

	private final ObjectProvider<AccessLogs> vault;

	AccessLogController(ObjectProvider<AccessLogs> vault) {
		this.vault = vault;
	}

	@GetMapping(path = "/api/integrations/{integrationId}/access-log", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<?>> accessLog(TenantId tenant, @PathVariable String integrationId,
			@RequestParam(required = false) String limit, @RequestParam(required = false) String cursor) {
		AccessLogs accessLogs = this.vault.getIfAvailable();
		if (accessLogs == null) {
			return Mono.just(Problems.ACCESS_LOG_NOT_CONFIGURED
				.response("The collector has no key to read access logs from the vault"));
		}
		if (!IntegrationId.isWellFormed(integrationId)) {
			return Mono.just(unknown());
		}
		Integer pageSize = pageSize(limit);
		if (pageSize == null) {
			return Mono.just(Problems.INVALID_ACCESS_LOG_REQUEST
				.response("limit must be a number from 1 to " + AccessLogPage.MAX_LIMIT));
		}
		if (cursor != null && !CURSOR.matcher(cursor).matches()) {
			return Mono.just(invalidCursor());
		}
		return accessLogs.accessLog(tenant.value(), integrationId, cursor, pageSize)
			.<ResponseEntity<?>>map((page) -> ResponseEntity.ok(AccessLogResponse.of(integrationId, page)))
			.onErrorResume(VaultRefusedException.class,
					(ex) -> Mono.just((ex.status() == 400) ? invalidCursor() : unknown()))
			.onErrorResume(VaultUnavailableException.class, (ex) -> {
				log.warn("Access log of integration {} not read: {}", integrationId, ex.getMessage());
				return Mono.just(ResponseEntity.status(Problems.UNAVAILABLE.status())
					.header(HttpHeaders.RETRY_AFTER, "5")
					.contentType(MediaType.APPLICATION_PROBLEM_JSON)
					.body(Problems.UNAVAILABLE.detail("The access log cannot be read right now; try again")));
			});
	}

	private static Integer pageSize(String limit) {
		if (limit == null) {
			return DEFAULT_LIMIT;
		}
		try {
			int value = Integer.parseInt(limit);
			return (value >= 1 && value <= AccessLogPage.MAX_LIMIT) ? value : null;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static ResponseEntity<?> unknown() {
		return Problems.UNKNOWN_INTEGRATION.response("No such integration");
	}

	private static ResponseEntity<?> invalidCursor() {
		return Problems.INVALID_ACCESS_LOG_REQUEST.response("cursor must be the next of an earlier page");
	}

	/** A page as the tenant sees it; {@code next} is {@code null} on the last one. */
	record AccessLogResponse(String integrationId, List<Entry> entries, String next) {

		static AccessLogResponse of(String integrationId, AccessLogPage page) {
			return new AccessLogResponse(integrationId, page.entries().stream().map(Entry::of).toList(), page.next());
		}

		record Entry(Instant at, String consumer, boolean authenticated, String purpose, Long version, String outcome,
				String reason) {

			static Entry of(AccessLogEntry entry) {
				return new Entry(entry.at(), entry.consumer(), entry.authenticated(), entry.purpose(), entry.version(),
						entry.outcome(), entry.reason());
			}

		}

	}

}
