package dev.latchkey.status.integration;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The current status of every integration, per tenant, projected from status events that
 * may arrive more than once and in any order: for one integration the newest status wins
 * and removal forgets it. Every query is scoped to one tenant.
 */
class StatusView {

	private static final Comparator<IntegrationStatus> BY_PROVIDER_THEN_NAME = Comparator
		.comparing(IntegrationStatus::provider)
		.thenComparing(IntegrationStatus::name)
		.thenComparing(IntegrationStatus::integrationId);

	private final Map<String, IntegrationStatus> byId = new HashMap<>();

	private final Map<String, Map<String, IntegrationStatus>> byTenant = new HashMap<>();

	/**
	 * Records a status unless the view already holds a newer or equal one.
	 * @return whether the view changed
	 */
	synchronized boolean apply(IntegrationStatus status) {
		IntegrationStatus current = this.byId.get(status.integrationId());
		if (current != null && !status.supersedes(current)) {
			return false;
		}
		if (current != null) {
			forget(current);
		}
		this.byId.put(status.integrationId(), status);
		this.byTenant.computeIfAbsent(status.tenantId(), (tenant) -> new HashMap<>())
			.put(status.integrationId(), status);
		return true;
	}

	/**
	 * Forgets a deleted integration.
	 * @return whether the view held it
	 */
	synchronized boolean remove(String integrationId) {
		IntegrationStatus current = this.byId.remove(integrationId);
		if (current == null) {
			return false;
		}
		forget(current);
		return true;
	}

	synchronized Optional<IntegrationStatus> find(String tenantId, String provider, String name) {
		return ofTenant(tenantId).stream()
			.filter((status) -> status.provider().equals(provider) && status.name().equals(name))
			.findFirst();
	}

	/** The tenant's integrations, sorted by provider then name. */
	synchronized List<IntegrationStatus> list(String tenantId) {
		return ofTenant(tenantId).stream().sorted(BY_PROVIDER_THEN_NAME).toList();
	}

	/**
	 * For each of the given providers, whether the tenant has at least one usable
	 * integration of it.
	 */
	synchronized Map<String, Boolean> usableByProvider(String tenantId, Collection<String> providers) {
		Map<String, Boolean> usable = new LinkedHashMap<>();
		providers.forEach((provider) -> usable.put(provider, false));
		ofTenant(tenantId).stream()
			.filter(IntegrationStatus::usable)
			.filter((status) -> usable.containsKey(status.provider()))
			.forEach((status) -> usable.put(status.provider(), true));
		return usable;
	}

	synchronized int size() {
		return this.byId.size();
	}

	private Collection<IntegrationStatus> ofTenant(String tenantId) {
		return this.byTenant.getOrDefault(tenantId, Map.of()).values();
	}

	private void forget(IntegrationStatus status) {
		Map<String, IntegrationStatus> tenant = this.byTenant.get(status.tenantId());
		tenant.remove(status.integrationId());
		if (tenant.isEmpty()) {
			this.byTenant.remove(status.tenantId());
		}
	}

}
