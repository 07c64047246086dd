package dev.latchkey.vault.rotation;

import java.util.List;
import java.util.regex.Pattern;

import dev.latchkey.crypto.SealingException;
import dev.latchkey.vault.consumer.InternalApiRefusal;
import dev.latchkey.vault.consumer.Purpose;
import dev.latchkey.vault.consumer.RegisteredConsumer;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's internal API, used by the admin jar ({@code rotate-root},
 * {@code rotate-tenant}, {@code rewrap --resume}, {@code offboard-tenant},
 * {@code keys status}, {@code keys disable-old}), for the consumer whose scope holds
 * {@code operate}. Long operations answer 202 with the operation at once and run on;
 * {@code GET /internal/operations/{id}} follows them.
 */
@RestController
@RequestMapping(path = "/internal/operations", produces = MediaType.APPLICATION_JSON_VALUE)
class OperationsController {

	private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

	private final KeyOperationRunner runner;

	private final KeyInventory inventory;

	OperationsController(KeyOperationRunner runner, KeyInventory inventory) {
		this.runner = runner;
		this.inventory = inventory;
	}

	@PostMapping("/rotate-root")
	Mono<ResponseEntity<Object>> rotateRoot(RegisteredConsumer consumer) {
		if (!consumer.mayAct(Purpose.OPERATE)) {
			return refused();
		}
		return this.runner.rotateRoot()
			.map(OperationsController::accepted)
			.onErrorResume(SealingException.class, (ex) -> Mono.just(problem(HttpStatus.CONFLICT, ex.getMessage())));
	}

	@PostMapping("/rotate-tenant")
	Mono<ResponseEntity<Object>> rotateTenant(RegisteredConsumer consumer, @RequestParam String tenant) {
		if (!consumer.mayAct(Purpose.OPERATE)) {
			return refused();
		}
		if (!TENANT.matcher(tenant).matches()) {
			return Mono.just(badTenant());
		}
		return this.runner.rotateTenant(tenant)
			.map(OperationsController::accepted)
			.defaultIfEmpty(problem(HttpStatus.NOT_FOUND, "Tenant " + tenant + " has no key"));
	}

	@PostMapping("/offboard")
	Mono<ResponseEntity<Object>> offboard(RegisteredConsumer consumer, @RequestParam String tenant) {
		if (!consumer.mayAct(Purpose.OPERATE)) {
			return refused();
		}
		if (!TENANT.matcher(tenant).matches()) {
			return Mono.just(badTenant());
		}
		return this.runner.offboard(tenant).map(OperationsController::accepted);
	}

	@PostMapping("/resume")
	Mono<ResponseEntity<Object>> resume(RegisteredConsumer consumer) {
		if (!consumer.mayAct(Purpose.OPERATE)) {
			return refused();
		}
		return this.runner.resume().collectList().map(ResponseEntity::ok);
	}

	@GetMapping
	Mono<ResponseEntity<Object>> recent(RegisteredConsumer consumer, @RequestParam(defaultValue = "20") int limit) {
		if (!consumer.mayAct(Purpose.OPERATE)) {
			return refused();
		}
		return this.runner.recent(Math.max(1, Math.min(limit, 200))).collectList().map(ResponseEntity::ok);
	}

	@GetMapping("/{id}")
	Mono<ResponseEntity<Object>> find(RegisteredConsumer consumer, @PathVariable String id) {
		if (!consumer.mayAct(Purpose.OPERATE)) {
			return refused();
		}
		return this.runner.find(id)
			.map((operation) -> ResponseEntity.ok((Object) operation))
			.defaultIfEmpty(problem(HttpStatus.NOT_FOUND, "No key operation " + id));
	}

	@GetMapping("/keys")
	Mono<ResponseEntity<Object>> keys(RegisteredConsumer consumer, @RequestParam(required = false) String tenant) {
		if (!consumer.mayAct(Purpose.OPERATE)) {
			return refused();
		}
		if (tenant == null) {
			return this.inventory.root().map(ResponseEntity::ok);
		}
		if (!TENANT.matcher(tenant).matches()) {
			return Mono.just(badTenant());
		}
		return this.inventory.tenant(tenant)
			.map((keys) -> ResponseEntity.ok((Object) keys))
			.defaultIfEmpty(problem(HttpStatus.NOT_FOUND, "Tenant " + tenant + " has no key"));
	}

	@PostMapping("/disable-old-keys")
	Mono<ResponseEntity<Object>> disableOld(RegisteredConsumer consumer,
			@RequestParam(required = false) String tenant) {
		if (!consumer.mayAct(Purpose.OPERATE)) {
			return refused();
		}
		if (tenant != null && !TENANT.matcher(tenant).matches()) {
			return Mono.just(badTenant());
		}
		Mono<KeyInventory.Disabled> disabled = (tenant != null) ? this.inventory.disableOldTenantKeys(tenant)
				: this.inventory.disableOldRootKeys();
		return disabled
			.map((outcome) -> ResponseEntity.status(outcome.refused() ? HttpStatus.CONFLICT : HttpStatus.OK)
				.body((Object) outcome))
			.defaultIfEmpty(problem(HttpStatus.NOT_FOUND, "Tenant " + tenant + " has no key"));
	}

	/** Like every refusal of the internal API. */
	private static Mono<ResponseEntity<Object>> refused() {
		ResponseEntity<byte[]> refusal = InternalApiRefusal.response();
		return Mono.just(ResponseEntity.status(refusal.getStatusCode())
			.headers(refusal.getHeaders())
			.body((Object) refusal.getBody()));
	}

	private static ResponseEntity<Object> accepted(KeyOperation operation) {
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(operation);
	}

	private static ResponseEntity<Object> badTenant() {
		return problem(HttpStatus.BAD_REQUEST, "tenant must be a tenant id ([A-Za-z0-9][A-Za-z0-9._-]{0,127})");
	}

	private static ResponseEntity<Object> problem(HttpStatus status, String detail) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ProblemDetail.forStatusAndDetail(status, detail));
	}

}
