package dev.latchkey.vault.lease;

import jakarta.validation.constraints.NotBlank;

/** Who asks for which integration. */
record LeaseRequest(@NotBlank String consumer, @NotBlank String tenantId, @NotBlank String integrationId) {

}
