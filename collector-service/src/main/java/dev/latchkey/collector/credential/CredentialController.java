package dev.latchkey.collector.credential;

import java.util.Map;

import dev.latchkey.websecurity.TenantId;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/integrations/{provider}/credentials}: the tenant comes from the bearer
 * token only; a body naming a tenant is refused as an unknown property. An optional
 * {@code Idempotency-Key} makes retries safe.
 */
@RestController
class CredentialController {

	/** Marks an answer repeated from an earlier request with the same key. */
	static final String REPLAYED_HEADER = "Idempotent-Replayed";

	private final CredentialService credentials;

	CredentialController(CredentialService credentials) {
		this.credentials = credentials;
	}

	@PostMapping(path = "/api/integrations/{provider}/credentials", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Receipt>> submit(TenantId tenant, @PathVariable String provider,
			@RequestHeader HttpHeaders headers, @RequestBody CredentialRequest request) {
		IdempotencyKey key = IdempotencyKey.fromHeader(headers.get(IdempotencyKey.HEADER));
		return this.credentials
			.submit(tenant.value(), provider, new Submission(request.name(), request.fields(), request.scanEvery()),
					key)
			.map((accepted) -> {
				ResponseEntity.BodyBuilder answer = ResponseEntity.accepted();
				if (accepted.replayed()) {
					answer.header(REPLAYED_HEADER, "true");
				}
				return answer.body(Receipt.pending(accepted));
			});
	}

	/**
	 * The body of a submission; {@code scanEvery} (optional) is the integration's own
	 * scan period, an ISO-8601 duration such as {@code PT1H}.
	 */
	record CredentialRequest(String name, Map<String, String> fields, String scanEvery) {

		@Override
		public String toString() {
			return new Submission(this.name, this.fields, this.scanEvery).toString();
		}

	}

	/** The answer to an accepted submission: the vault stores and verifies it next. */
	record Receipt(String integrationId, String provider, String name, String state) {

		static Receipt pending(Accepted accepted) {
			return new Receipt(accepted.integrationId().value(), accepted.provider(), accepted.name(), "pending");
		}

	}

}
