package dev.latchkey.collector.credential;

import java.util.Map;

import dev.latchkey.websecurity.TenantId;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/integrations/{provider}/credentials}: the tenant comes from the bearer
 * token only; a body naming a tenant is refused as an unknown property.
 */
@RestController
class CredentialController {

	private final CredentialService credentials;

	CredentialController(CredentialService credentials) {
		this.credentials = credentials;
	}

	@PostMapping(path = "/api/integrations/{provider}/credentials", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.ACCEPTED)
	Mono<Receipt> submit(TenantId tenant, @PathVariable String provider, @RequestBody CredentialRequest request) {
		return this.credentials.submit(tenant.value(), provider, new Submission(request.name(), request.fields()))
			.map(Receipt::pending);
	}

	/** The body of a submission. */
	record CredentialRequest(String name, Map<String, String> fields) {

		@Override
		public String toString() {
			return new Submission(this.name, this.fields).toString();
		}

	}

	/** The answer to an accepted submission: the vault stores and verifies it next. */
	record Receipt(String integrationId, String provider, String name, String state) {

		static Receipt pending(Accepted accepted) {
			return new Receipt(accepted.integrationId().value(), accepted.provider(), accepted.name(), "pending");
		}

	}

}
