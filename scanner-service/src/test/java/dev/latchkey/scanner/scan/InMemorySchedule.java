package dev.latchkey.scanner.scan;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The schedule's contract in memory: compare-and-set on revision, atomic claims. */
class InMemorySchedule implements Schedule {

	private final Map<String, ScheduledIntegration> entries = new ConcurrentHashMap<>();

	@Override
	public Mono<ScheduledIntegration> find(String integrationId) {
		return Mono.fromSupplier(() -> this.entries.get(integrationId));
	}

	@Override
	public Mono<Boolean> insert(ScheduledIntegration integration) {
		return Mono.fromSupplier(() -> this.entries.putIfAbsent(integration.id(), integration) == null);
	}

	@Override
	public synchronized Mono<Boolean> replace(ScheduledIntegration integration) {
		return Mono.fromSupplier(() -> {
			synchronized (this) {
				ScheduledIntegration current = this.entries.get(integration.id());
				if (current == null || current.revision() != integration.revision()) {
					return false;
				}
				this.entries.put(integration.id(), revised(integration, integration.revision() + 1));
				return true;
			}
		});
	}

	@Override
	public Mono<Void> delete(String integrationId) {
		return Mono.fromRunnable(() -> this.entries.remove(integrationId));
	}

	@Override
	public Flux<ScheduledIntegration> claimDue(String owner, Instant now, Instant claimUntil, int max) {
		return Flux.defer(() -> {
			synchronized (this) {
				List<ScheduledIntegration> claimed = this.entries.values()
					.stream()
					.filter((entry) -> !entry.nextCheckAt().isAfter(now))
					.sorted(Comparator.comparing(ScheduledIntegration::nextCheckAt))
					.limit(max)
					.map((due) -> new ScheduledIntegration(due.id(), due.tenantId(), due.provider(), due.version(),
							due.state(), due.wasActive(), due.createdAt(), due.versionSince(), due.expiresAt(),
							due.scanEverySeconds(), claimUntil, due.trigger(), due.lastCheckedAt(),
							due.consecutiveFailures(), due.infrastructureFailures(), owner, due.fence() + 1, claimUntil,
							due.requested(), due.pending(), due.cause(), due.revision() + 1))
					.toList();
				claimed.forEach((entry) -> this.entries.put(entry.id(), entry));
				return Flux.fromIterable(claimed);
			}
		});
	}

	ScheduledIntegration get(String integrationId) {
		return this.entries.get(integrationId);
	}

	void put(ScheduledIntegration integration) {
		this.entries.put(integration.id(), integration);
	}

	private static ScheduledIntegration revised(ScheduledIntegration e, long revision) {
		return new ScheduledIntegration(e.id(), e.tenantId(), e.provider(), e.version(), e.state(), e.wasActive(),
				e.createdAt(), e.versionSince(), e.expiresAt(), e.scanEverySeconds(), e.nextCheckAt(), e.trigger(),
				e.lastCheckedAt(), e.consecutiveFailures(), e.infrastructureFailures(), e.claimOwner(), e.fence(),
				e.claimUntil(), e.requested(), e.pending(), e.cause(), revision);
	}

}
