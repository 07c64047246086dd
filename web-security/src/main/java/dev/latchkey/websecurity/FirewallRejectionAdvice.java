package dev.latchkey.websecurity;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The firewall checks header values when they are read, which can be in a controller:
 * that rejection is a 400 problem as it would be before the controller.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class FirewallRejectionAdvice {

	@ExceptionHandler(ServerExchangeRejectedException.class)
	ResponseEntity<ProblemDetail> rejected(ServerExchangeRejectedException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				FirewallRejections.detailOf(ex));
		return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
