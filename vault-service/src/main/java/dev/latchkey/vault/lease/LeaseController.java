package dev.latchkey.vault.lease;

import java.util.Base64;
import java.util.Map;

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
 * {@code POST /internal/leases}. Internal: it has no authentication of its own, as only
 * registered consumers can open a lease; it must never be exposed outside the cluster.
 */
@RestController
class LeaseController {

	private final LeaseService leases;

	LeaseController(LeaseService leases) {
		this.leases = leases;
	}

	@PostMapping(path = "/internal/leases", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<LeaseResponse> lease(@Valid @RequestBody LeaseRequest request) {
		return this.leases.lease(request).map(LeaseResponse::of);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> refused(LeaseRefusedException ex) {
		HttpStatus status = switch (ex.reason()) {
			case UNKNOWN_CONSUMER -> HttpStatus.FORBIDDEN;
			case NOT_FOUND -> HttpStatus.NOT_FOUND;
			case AUDIT_UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
			case INTEGRITY_FAILURE -> HttpStatus.CONFLICT;
		};
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, ex.getMessage());
		problem.setProperty("code", ex.reason().name());
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
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
