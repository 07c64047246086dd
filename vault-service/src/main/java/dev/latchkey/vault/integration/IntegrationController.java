package dev.latchkey.vault.integration;

import java.util.Optional;
import java.util.regex.Pattern;

import dev.latchkey.vault.consumer.InternalApiRefusal;
import dev.latchkey.vault.consumer.Purpose;
import dev.latchkey.vault.consumer.RegisteredConsumer;
import dev.latchkey.vault.credential.CurrentCredentials;
import dev.latchkey.vault.credential.Deletions;
import dev.latchkey.vault.credential.Schedules;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The internal API the collector manages a tenant's integration with (purpose
 * {@code manage}). An integration of another tenant is answered exactly like a missing
 * one, and like any refusal of the internal API.
 * <ul>
 * <li>{@code GET /internal/integrations/{id}?tenant=T}: provider, name, version and
 * state; 404 when the tenant has no such integration (or deleted it).</li>
 * <li>{@code DELETE /internal/integrations/{id}?tenant=T&revocation=R}: crypto-shreds it
 * (see {@link Deletions}); 204, again 204 when already deleted, 404 when the tenant never
 * had it.</li>
 * <li>{@code PUT /internal/integrations/{id}/schedule?tenant=T} body
 * {@code {"everySeconds": n}} ({@code null}: the provider's default): stores the
 * integration's scan period and publishes its status; 200 with the schedule, 404 as
 * above, 400 for anything but a positive whole number or null.</li>
 * </ul>
 */
@RestController
class IntegrationController {

	private static final Pattern REVOCATION = Pattern.compile("[A-Z][A-Z_]{0,39}");

	private final CurrentCredentials credentials;

	private final Deletions deletions;

	private final Schedules schedules;

	IntegrationController(CurrentCredentials credentials, Deletions deletions, Schedules schedules) {
		this.credentials = credentials;
		this.deletions = deletions;
		this.schedules = schedules;
	}

	@GetMapping(path = "/internal/integrations/{integrationId}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<?>> find(RegisteredConsumer consumer, @PathVariable String integrationId,
			@RequestParam String tenant) {
		if (!consumer.mayAct(Purpose.MANAGE)) {
			return Mono.just(InternalApiRefusal.response());
		}
		return this.credentials.find(integrationId)
			.filter((credential) -> credential.tenantId().equals(tenant))
			.<ResponseEntity<?>>map((credential) -> ResponseEntity.ok(new Integration(credential.integrationId(),
					credential.provider(), credential.name(), credential.version(), credential.state().name())))
			.defaultIfEmpty(InternalApiRefusal.response());
	}

	@DeleteMapping("/internal/integrations/{integrationId}")
	Mono<ResponseEntity<?>> delete(RegisteredConsumer consumer, @PathVariable String integrationId,
			@RequestParam String tenant, @RequestParam(defaultValue = Deletions.NOT_REVOKED) String revocation) {
		if (!consumer.mayAct(Purpose.MANAGE)) {
			return Mono.just(InternalApiRefusal.response());
		}
		if (!REVOCATION.matcher(revocation).matches()) {
			return Mono.<ResponseEntity<?>>just(ResponseEntity.badRequest()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
						"revocation must be an outcome such as REVOKED, FAILED or NOT_APPLICABLE")));
		}
		return this.deletions.delete(tenant, integrationId, revocation)
			.<ResponseEntity<?>>map((deleted) -> ResponseEntity.noContent().build())
			.defaultIfEmpty(InternalApiRefusal.response());
	}

	@PutMapping(path = "/internal/integrations/{integrationId}/schedule", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<?>> schedule(RegisteredConsumer consumer, @PathVariable String integrationId,
			@RequestParam String tenant, @RequestBody(required = false) Mono<Schedule> body) {
		if (!consumer.mayAct(Purpose.MANAGE)) {
			// The body is read only after this: a consumer out of scope learns nothing
			// from it either.
			return Mono.just(InternalApiRefusal.response());
		}
		return body.map(Optional::of).defaultIfEmpty(Optional.empty()).flatMap((schedule) -> {
			Long everySeconds = schedule.map(Schedule::everySeconds).orElse(null);
			if (everySeconds != null && everySeconds < 1) {
				return Mono.<ResponseEntity<?>>just(ResponseEntity.badRequest()
					.contentType(MediaType.APPLICATION_PROBLEM_JSON)
					.body(ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
							"everySeconds must be a positive number of seconds, or null for the provider's default")));
			}
			return this.schedules.scanEvery(tenant, integrationId, everySeconds)
				.<ResponseEntity<?>>map(
						(stored) -> ResponseEntity.ok(new Schedule(stored.integrationId(), stored.scanEverySeconds())))
				.defaultIfEmpty(InternalApiRefusal.response());
		});
	}

	/**
	 * An integration's own scan period in seconds, {@code null} for the provider's
	 * default.
	 */
	record Schedule(String integrationId, Long everySeconds) {

	}

	/** An integration as the collector sees it: no secret, no key ids. */
	record Integration(String integrationId, String provider, String name, long version, String state) {

	}

}
