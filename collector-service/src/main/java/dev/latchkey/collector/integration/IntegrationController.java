package dev.latchkey.collector.integration;

import dev.latchkey.catalogue.IntegrationId;
import dev.latchkey.collector.limit.SubmissionLimits;
import dev.latchkey.collector.oauth.TokenEndpoint;
import dev.latchkey.collector.oauth.TokenRevocation;
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
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code DELETE /api/integrations/{id}}: the tenant removes an integration. For an OAuth
 * provider with a revocation URL the grant is revoked at the platform first (best
 * effort); then the vault destroys every version's data key and tombstones the status, so
 * the status answers 404, scanning and refresh stop and nothing can be leased.
 * {@code 204}, again {@code 204} when already deleted; another tenant's id gets the very
 * 404 an unknown one gets.
 */
@RestController
class IntegrationController {

	private static final Logger logger = LoggerFactory.getLogger(IntegrationController.class);

	private final ObjectProvider<Integrations> vault;

	private final TokenRevocation revocation;

	private final SubmissionLimits limits;

	IntegrationController(ObjectProvider<Integrations> vault, TokenRevocation revocation, SubmissionLimits limits) {
		this.vault = vault;
		this.revocation = revocation;
		this.limits = limits;
	}

	@DeleteMapping("/api/integrations/{integrationId}")
	Mono<ResponseEntity<?>> delete(TenantId tenant, @PathVariable String integrationId) {
		Integrations integrations = this.vault.getIfAvailable();
		if (integrations == null) {
			return Mono.just(Problems.VAULT_NOT_CONFIGURED
				.response("The collector has no key to manage integrations in the vault"));
		}
		if (!IntegrationId.isWellFormed(integrationId)) {
			return Mono.just(unknown());
		}
		// Already deleted (or never there): nothing to revoke, and the vault's answer to
		// the
		// deletion tells the two apart.
		Mono<String> revoked = integrations.find(tenant.value(), integrationId)
			.flatMap((found) -> this.revocation.revoke(tenant.value(), integrationId, found.provider()))
			.onErrorResume(VaultRefusedException.class, (ex) -> Mono.just(TokenEndpoint.NOT_REVOKED));
		return revoked.flatMap((outcome) -> integrations.delete(tenant.value(), integrationId, outcome)
			// No longer counts against the tenant's cap on integrations.
			.then(this.limits.forget(tenant.value(), integrationId))
			.thenReturn(ResponseEntity.noContent().build()))
			.<ResponseEntity<?>>map((deleted) -> deleted)
			.onErrorResume(VaultRefusedException.class, (ex) -> Mono.just(unknown()))
			.onErrorResume(VaultUnavailableException.class, (ex) -> {
				logger.warn("Integration {} not deleted: {}", integrationId, ex.getMessage());
				return Mono.just(ResponseEntity.status(Problems.UNAVAILABLE.status())
					.header(HttpHeaders.RETRY_AFTER, "5")
					.contentType(MediaType.APPLICATION_PROBLEM_JSON)
					.body(Problems.UNAVAILABLE.detail("The integration cannot be deleted right now; try again")));
			});
	}

	private static ResponseEntity<?> unknown() {
		return Problems.UNKNOWN_INTEGRATION.response("No such integration");
	}

}
