package dev.latchkey.vault.lease;

import java.util.Base64;
import java.util.Map;

import dev.latchkey.vault.consumer.InternalApiRefusal;
import dev.latchkey.vault.consumer.RegisteredConsumer;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/leases}: only for a consumer the internal API's authentication
 * has verified; what it may lease is its scope's to say.
 */
@RestController
class LeaseController {

	private final LeaseService leases;

	LeaseController(LeaseService leases) {
		this.leases = leases;
	}

	@PostMapping(path = LeaseRequest.PATH, consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<LeaseResponse> lease(RegisteredConsumer consumer, @Valid @RequestBody LeaseRequest request) {
		return this.leases.lease(consumer, request).map(LeaseResponse::of);
	}

	@ExceptionHandler
	ResponseEntity<?> refused(LeaseRefusedException ex) {
		return answer(ex);
	}

	/**
	 * Every refusal alike ({@link InternalApiRefusal}); only an audit that could not be
	 * written (503) and a record that fails its integrity check (409) differ, as they
	 * happen only once everything else was allowed.
	 */
	static ResponseEntity<?> answer(LeaseRefusedException ex) {
		if (ex.reason() == LeaseRefusedException.Reason.AUDIT_UNAVAILABLE) {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
					"The lease could not be audited, so nothing was leased");
			problem.setProperty("code", ex.reason().name());
			return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(problem);
		}
		if (ex.reason() == LeaseRefusedException.Reason.INTEGRITY_FAILURE) {
			// The consumer is authenticated and in scope: it may know that this version
			// cannot be opened (so it stops asking), never why in detail.
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
					"The stored credential failed its integrity check; it needs a new version");
			problem.setProperty("code", ex.reason().name());
			return ResponseEntity.status(HttpStatus.CONFLICT)
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(problem);
		}
		return InternalApiRefusal.response();
	}

	/** The lease as sent: {@code sealedSecret} in standard base64. */
	record LeaseResponse(String leaseId, String tenantId, String integrationId, String provider, String name,
			long version, Map<String, String> publicFields, String sealedSecret) {

		static LeaseResponse of(Lease lease) {
			return new LeaseResponse(lease.leaseId(), lease.tenantId(), lease.integrationId(), lease.provider(),
					lease.name(), lease.version(), lease.publicFields(),
					Base64.getEncoder().encodeToString(lease.sealedSecret()));
		}

	}

}
