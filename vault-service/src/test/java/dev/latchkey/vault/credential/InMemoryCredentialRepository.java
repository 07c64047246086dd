package dev.latchkey.vault.credential;

import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Same contract as the Mongo repository: unique ids, compare-and-set replace. */
class InMemoryCredentialRepository implements CredentialRepository {

	final Map<String, Credential> credentials = new ConcurrentHashMap<>();

	final Map<String, CredentialVersion> versions = new ConcurrentHashMap<>();

	/** Event ids of versions whose data key was destroyed. */
	final Set<String> shredded = ConcurrentHashMap.newKeySet();

	final Map<String, String> deletions = new ConcurrentHashMap<>();

	@Override
	public Mono<Credential> find(String integrationId) {
		return Mono.justOrEmpty(this.credentials.get(integrationId));
	}

	@Override
	public Mono<CredentialVersion> findVersion(String eventId) {
		return Mono.justOrEmpty(this.versions.get(eventId));
	}

	@Override
	public Mono<Boolean> recordVersion(CredentialVersion version) {
		return Mono.fromSupplier(() -> this.versions.putIfAbsent(version.eventId(), version) == null);
	}

	@Override
	public Mono<Boolean> insert(Credential credential) {
		return Mono.fromSupplier(() -> this.credentials.putIfAbsent(credential.integrationId(), credential) == null);
	}

	@Override
	public Mono<Boolean> replace(Credential current, Credential next) {
		return Mono.fromSupplier(() -> {
			Credential[] replaced = new Credential[1];
			this.credentials.computeIfPresent(current.integrationId(), (id, stored) -> {
				boolean unchanged = stored.version() == current.version()
						&& Objects.equals(stored.lastEventId(), current.lastEventId());
				replaced[0] = unchanged ? next : null;
				return unchanged ? next : stored;
			});
			return replaced[0] != null;
		});
	}

	@Override
	public Flux<Credential> findPending(Instant updatedBefore, SweepPosition after, int limit) {
		Comparator<Credential> sweepOrder = Comparator.comparing(Credential::updatedAt)
			.thenComparing(Credential::integrationId);
		return Flux.fromStream(() -> this.credentials.values()
			.stream()
			.filter((c) -> c.state() == CredentialState.PENDING_VERIFICATION && c.updatedAt().isBefore(updatedBefore))
			.filter((c) -> after.isFirst() || c.updatedAt().isAfter(after.updatedAt())
					|| (c.updatedAt().equals(after.updatedAt())
							&& c.integrationId().compareTo(after.integrationId()) > 0))
			.sorted(sweepOrder)
			.limit(limit));
	}

	@Override
	public Mono<Long> shredVersions(String integrationId, long upToVersion, Instant at) {
		return Mono.fromSupplier(() -> this.versions.values()
			.stream()
			.filter((v) -> v.integrationId().equals(integrationId) && v.version() <= upToVersion)
			.filter((v) -> this.shredded.add(v.eventId()))
			.count());
	}

	@Override
	public Flux<Credential> findUnfinishedDeletions(Instant updatedBefore, int limit) {
		return Flux.fromStream(() -> this.credentials.values()
			.stream()
			.filter((c) -> c.isDeleted() && !c.isDeletionComplete() && c.updatedAt().isBefore(updatedBefore))
			.limit(limit));
	}

	@Override
	public Mono<Void> recordDeletion(Credential deleted, String revocation) {
		return Mono.fromRunnable(
				() -> this.deletions.putIfAbsent(deleted.integrationId() + "@" + deleted.version(), revocation));
	}

	@Override
	public Flux<String> undeletedOf(String tenantId, String afterId, int limit) {
		return Flux.fromStream(() -> this.credentials.values()
			.stream()
			.filter((c) -> c.tenantId().equals(tenantId) && !c.isDeletionComplete())
			.map(Credential::integrationId)
			.filter((id) -> afterId == null || id.compareTo(afterId) > 0)
			.sorted()
			.limit(limit));
	}

}
