package dev.latchkey.collector.limit;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

/** The tenants' integrations in a map, for tests without MongoDB. */
final class InMemoryTenantIntegrations implements TenantIntegrations {

	final Map<String, Set<String>> byTenant = new ConcurrentHashMap<>();

	@Override
	public synchronized Mono<Boolean> record(String tenantId, String integrationId, int limit) {
		Set<String> ids = this.byTenant.computeIfAbsent(tenantId, (key) -> ConcurrentHashMap.newKeySet());
		if (ids.contains(integrationId)) {
			return Mono.just(true);
		}
		if (ids.size() >= limit) {
			return Mono.just(false);
		}
		ids.add(integrationId);
		return Mono.just(true);
	}

	@Override
	public synchronized Mono<Boolean> admits(String tenantId, String integrationId, int limit) {
		Set<String> ids = this.byTenant.getOrDefault(tenantId, Set.of());
		return Mono.just(ids.contains(integrationId) || ids.size() < limit);
	}

	@Override
	public synchronized Mono<Void> forget(String tenantId, String integrationId) {
		return Mono.fromRunnable(() -> this.byTenant.getOrDefault(tenantId, Set.of()).remove(integrationId));
	}

}
