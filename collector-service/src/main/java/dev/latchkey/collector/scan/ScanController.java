package dev.latchkey.collector.scan;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.latchkey.catalogue.IntegrationId;
import dev.latchkey.collector.limit.SubmissionLimits;
import dev.latchkey.collector.web.Problems;
import dev.latchkey.vaultclient.Integrations;
import dev.latchkey.vaultclient.VaultRefusedException;
import dev.latchkey.vaultclient.VaultUnavailableException;
import dev.latchkey.websecurity.TenantId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Scanning one of the tenant's integrations, through the vault (which knows the tenant's
 * integrations) and the scanner:
 * <ul>
 * <li>{@code POST /api/integrations/{id}/scan}: publishes {@code ScanRequested}; 202 once
 * the broker has it, 429 with {@code Retry-After} when asked again within the scan rate
 * (one a minute).</li>
 * <li>{@code PUT /api/integrations/{id}/schedule} {@code {"every":"PT6H"}}: the
 * integration's own scan period, stored by the vault and published with its status, from
 * which the scanner plans; 200 with the schedule.</li>
 * <li>{@code DELETE /api/integrations/{id}/schedule}: back to the provider's default;
 * 204.</li>
 * </ul>
 * Another tenant's, a deleted, an unknown and a malformed id all get the same 404.
 */
@RestController
class ScanController {

	private static final Logger log = LoggerFactory.getLogger(ScanController.class);

	private static final String RETRY_AFTER_UNAVAILABLE = "5";

	private final ObjectProvider<Integrations> vault;

	private final SubmissionLimits limits;

	private final ScanRequestPublisher publisher;

	private final ScanPeriods periods;

	private final Duration publishTimeout;

	private final Clock clock;

	ScanController(ObjectProvider<Integrations> vault, SubmissionLimits limits, ScanRequestPublisher publisher,
			ScanPeriods periods, ScanProperties properties, Clock clock) {
		this.vault = vault;
		this.limits = limits;
		this.publisher = publisher;
		this.periods = periods;
		this.publishTimeout = properties.publishTimeout();
		this.clock = clock;
	}

	@PostMapping(path = "/api/integrations/{integrationId}/scan", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<?>> scan(TenantId tenant, @PathVariable String integrationId) {
		Integrations integrations = this.vault.getIfAvailable();
		if (integrations == null) {
			return Mono.just(notConfigured());
		}
		if (!IntegrationId.isWellFormed(integrationId)) {
			return Mono.just(unknown());
		}
		return integrations.find(tenant.value(), integrationId)
			.flatMap((found) -> this.limits.admitScanRequest(integrationId).flatMap((permit) -> {
				ScanRequest request = new ScanRequest(UUID.randomUUID().toString(), tenant.value(), integrationId,
						found.provider(), this.clock.instant().truncatedTo(ChronoUnit.MILLIS));
				return this.publisher.publish(request).timeout(this.publishTimeout).then(Mono.fromSupplier(() -> {
					log.info("Scan requested: integration={} provider={} tenant={} event={}", integrationId,
							found.provider(), tenant.value(), request.eventId());
					return ResponseEntity.accepted().body(new ScanAccepted(integrationId, request.requestedAt()));
				})).<ResponseEntity<?>>map((accepted) -> accepted).onErrorResume((ex) -> {
					// Not published: the next request may try at once.
					permit.refund();
					log.warn("Scan request not published: integration={} tenant={} event={}: {}", integrationId,
							tenant.value(), request.eventId(), ex.toString());
					return Mono.just(unavailable("The scan could not be requested right now; try again"));
				});
			}))
			.onErrorResume(VaultRefusedException.class, (ex) -> Mono.just(unknown()))
			.onErrorResume(VaultUnavailableException.class, (ex) -> {
				log.warn("Scan of integration {} not requested: {}", integrationId, ex.getMessage());
				return Mono.just(unavailable("The scan could not be requested right now; try again"));
			});
	}

	@PutMapping(path = "/api/integrations/{integrationId}/schedule", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<?>> schedule(TenantId tenant, @PathVariable String integrationId,
			@RequestBody ScheduleRequest request) {
		Integrations integrations = this.vault.getIfAvailable();
		if (integrations == null) {
			return Mono.just(notConfigured());
		}
		if (!IntegrationId.isWellFormed(integrationId)) {
			return Mono.just(unknown());
		}
		Duration every = this.periods.parse(request.every());
		return changed(integrations.schedule(tenant.value(), integrationId, every.getSeconds()),
				ResponseEntity.ok(new Schedule(integrationId, every.toString())), integrationId);
	}

	@DeleteMapping("/api/integrations/{integrationId}/schedule")
	Mono<ResponseEntity<?>> resetSchedule(TenantId tenant, @PathVariable String integrationId) {
		Integrations integrations = this.vault.getIfAvailable();
		if (integrations == null) {
			return Mono.just(notConfigured());
		}
		if (!IntegrationId.isWellFormed(integrationId)) {
			return Mono.just(unknown());
		}
		return changed(integrations.schedule(tenant.value(), integrationId, null), ResponseEntity.noContent().build(),
				integrationId);
	}

	@ExceptionHandler(InvalidScanPeriodException.class)
	ResponseEntity<ProblemDetail> invalidPeriod(InvalidScanPeriodException ex) {
		return Problems.INVALID_SCHEDULE.response(ex.getMessage());
	}

	private Mono<ResponseEntity<?>> changed(Mono<Void> change, ResponseEntity<?> answer, String integrationId) {
		return change.thenReturn(answer)
			.<ResponseEntity<?>>map((done) -> done)
			.onErrorResume(VaultRefusedException.class, (ex) -> Mono.just(unknown()))
			.onErrorResume(VaultUnavailableException.class, (ex) -> {
				log.warn("Schedule of integration {} not changed: {}", integrationId, ex.getMessage());
				return Mono.just(unavailable("The schedule cannot be changed right now; try again"));
			});
	}

	private static ResponseEntity<?> unknown() {
		return Problems.UNKNOWN_INTEGRATION.response("No such integration");
	}

	private static ResponseEntity<?> notConfigured() {
		return Problems.VAULT_NOT_CONFIGURED.response("The collector has no key to manage integrations in the vault");
	}

	private static ResponseEntity<?> unavailable(String detail) {
		return ResponseEntity.status(Problems.UNAVAILABLE.status())
			.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_UNAVAILABLE)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(Problems.UNAVAILABLE.detail(detail));
	}

	/** The answer to a scan request: the scanner checks it within seconds. */
	record ScanAccepted(String integrationId, Instant requestedAt) {

	}

	/** The body of a schedule change. */
	record ScheduleRequest(String every) {

	}

	/**
	 * An integration's own scan period, as an ISO-8601 duration (normalised: {@code P1D}
	 * reads {@code PT24H}).
	 */
	record Schedule(String integrationId, String every) {

	}

}
