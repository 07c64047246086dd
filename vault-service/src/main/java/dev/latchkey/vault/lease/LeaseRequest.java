package dev.latchkey.vault.lease;

import jakarta.validation.constraints.NotBlank;

/**
 * Which integration the authenticated consumer asks for, and why. The consumer is not in
 * the body: it is who signed the request.
 *
 * @param purpose {@code scan} or {@code refresh}, within the consumer's scope
 */
record LeaseRequest(@NotBlank String tenantId, @NotBlank String integrationId, @NotBlank String purpose) {

	static final String PATH = "/internal/leases";

}
