package dev.latchkey.status.integration;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.latchkey.catalogue.Provider;
import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.websecurity.TenantId;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * What the frontends poll. Every answer is about the caller's tenant only, taken from the
 * bearer token; none carries a secret.
 */
@RestController
@RequestMapping("/api/integrations")
class StatusController {

	private final StatusView view;

	private final CatchUp catchUp;

	private final ProviderCatalogue catalogue;

	StatusController(StatusView view, CatchUp catchUp, ProviderCatalogue catalogue) {
		this.view = view;
		this.catchUp = catchUp;
		this.catalogue = catalogue;
	}

	@GetMapping("/status")
	ProviderStatuses statuses(TenantId tenant) {
		requireCaughtUp();
		List<String> providers = this.catalogue.all().stream().map(Provider::id).toList();
		return new ProviderStatuses(this.view.usableByProvider(tenant.value(), providers));
	}

	@GetMapping("/status/{provider}")
	StatusDetails status(TenantId tenant, @PathVariable String provider,
			@RequestParam(defaultValue = "default") String name) {
		requireCaughtUp();
		if (this.catalogue.find(provider).isEmpty()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such provider; known providers are "
					+ this.catalogue.all().stream().map(Provider::id).toList());
		}
		return this.view.find(tenant.value(), provider, name)
			.map(StatusDetails::of)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
					"No " + provider + " integration with this name is configured"));
	}

	@GetMapping
	IntegrationList list(TenantId tenant) {
		requireCaughtUp();
		return new IntegrationList(this.view.list(tenant.value()).stream().map(IntegrationSummary::of).toList());
	}

	private void requireCaughtUp() {
		if (!this.catchUp.isCaughtUp()) {
			throw new CatchingUpException();
		}
	}

	/** Per catalogue provider, whether the tenant has a usable integration of it. */
	record ProviderStatuses(Map<String, Boolean> integrations) {
	}

	record StatusDetails(String integrationId, String provider, String name, IntegrationState state, boolean usable,
			long version, Map<String, String> publicFields, Instant createdAt, Instant updatedAt,
			Instant lastVerifiedAt, String reason) {

		static StatusDetails of(IntegrationStatus status) {
			return new StatusDetails(status.integrationId(), status.provider(), status.name(), status.state(),
					status.usable(), status.version(), status.publicFields(), status.createdAt(), status.updatedAt(),
					status.lastVerifiedAt(), status.reason());
		}

	}

	record IntegrationList(List<IntegrationSummary> integrations) {
	}

	record IntegrationSummary(String id, String provider, String name, IntegrationState state, Instant createdAt,
			Instant updatedAt) {

		static IntegrationSummary of(IntegrationStatus status) {
			return new IntegrationSummary(status.integrationId(), status.provider(), status.name(), status.state(),
					status.createdAt(), status.updatedAt());
		}

	}

}
