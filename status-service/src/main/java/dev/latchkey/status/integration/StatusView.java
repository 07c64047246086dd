package dev.latchkey.status.integration;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The current status of every integration, per tenant, projected from status events that
 * may arrive more than once and in any order: for one integration the newest status wins
 * and removal forgets it. Every query is scoped to one tenant.
 * <p>
 * Each tenant's view has a revision: a fingerprint of its content, so two replicas that
 * applied the same events answer the same revision (ETags and event ids survive a switch
 * to another replica), and another tenant's change never alters it.
 */
class StatusView {

	/** The revision of a tenant without integrations. */
	static final String EMPTY_REVISION = "0";

	private static final Comparator<IntegrationStatus> BY_PROVIDER_THEN_NAME = Comparator
		.comparing(IntegrationStatus::provider)
		.thenComparing(IntegrationStatus::name)
		.thenComparing(IntegrationStatus::integrationId);

	private final Map<String, IntegrationStatus> byId = new HashMap<>();

	private final Map<String, Map<String, IntegrationStatus>> byTenant = new HashMap<>();

	/**
	 * Written under the view's lock, read without it: a poll asking for a revision never
	 * waits for a change being applied and announced.
	 */
	private final Map<String, Revision> revisions = new ConcurrentHashMap<>();

	private volatile Changes changes = (change) -> {
	};

	/**
	 * Announces every change to {@code changes}, in order and while no one can read the
	 * view: a reader of {@link #read} sees a change either in its snapshot or announced
	 * after it, never both or neither.
	 */
	void announceTo(Changes changes) {
		this.changes = changes;
	}

	/**
	 * Records a status unless the view already holds a newer or equal one.
	 * @return whether the view changed
	 */
	synchronized boolean apply(IntegrationStatus status) {
		IntegrationStatus current = this.byId.get(status.integrationId());
		if (current != null && !status.supersedes(current)) {
			return false;
		}
		String previous = revision(status.tenantId());
		if (current != null) {
			forget(current);
		}
		this.byId.put(status.integrationId(), status);
		this.byTenant.computeIfAbsent(status.tenantId(), (tenant) -> new HashMap<>())
			.put(status.integrationId(), status);
		this.revisions.merge(status.tenantId(), new Revision(fingerprintOf(status)), Revision::combine);
		this.changes.changed(StatusChange.updated(status, previous, revision(status.tenantId())));
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
		String previous = revision(current.tenantId());
		forget(current);
		this.changes.changed(StatusChange.removed(current, previous, revision(current.tenantId())));
		return true;
	}

	/**
	 * The tenant's revision: changes whenever, and only when, its integrations do. The
	 * same string instance until then.
	 */
	String revision(String tenantId) {
		Revision revision = this.revisions.get(tenantId);
		return (revision != null) ? revision.text() : EMPTY_REVISION;
	}

	/**
	 * Hands the tenant's current integrations and revision to {@code reader} while no
	 * change can happen, so the reader can start following changes without a gap.
	 */
	synchronized <T> T read(String tenantId, Function<Snapshot, T> reader) {
		return reader.apply(new Snapshot(list(tenantId), revision(tenantId)));
	}

	synchronized Optional<IntegrationStatus> find(String tenantId, String provider, String name) {
		return find(ofTenant(tenantId), provider, name);
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
		return usableByProvider(ofTenant(tenantId), providers);
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
			this.revisions.remove(status.tenantId());
		}
		else {
			this.revisions.merge(status.tenantId(), new Revision(fingerprintOf(status)), Revision::combine);
		}
	}

	private static Optional<IntegrationStatus> find(Collection<IntegrationStatus> statuses, String provider,
			String name) {
		return statuses.stream()
			.filter((status) -> status.provider().equals(provider) && status.name().equals(name))
			.findFirst();
	}

	private static Map<String, Boolean> usableByProvider(Collection<IntegrationStatus> statuses,
			Collection<String> providers) {
		Map<String, Boolean> usable = new LinkedHashMap<>();
		providers.forEach((provider) -> usable.put(provider, false));
		statuses.stream()
			.filter(IntegrationStatus::usable)
			.filter((status) -> usable.containsKey(status.provider()))
			.forEach((status) -> usable.put(status.provider(), true));
		return usable;
	}

	/**
	 * A 64-bit hash of what identifies one status; XOR-ed over a tenant's statuses it
	 * gives a fingerprint that is independent of the order events arrived in.
	 */
	private static long fingerprintOf(IntegrationStatus status) {
		String identity = status.integrationId() + '\0' + status.version() + '\0' + status.occurredAt() + '\0'
				+ status.state();
		long hash = 0xcbf29ce484222325L;
		for (int i = 0; i < identity.length(); i++) {
			hash ^= identity.charAt(i);
			hash *= 0x100000001b3L;
		}
		hash ^= hash >>> 33;
		hash *= 0xff51afd7ed558ccdL;
		hash ^= hash >>> 33;
		hash *= 0xc4ceb9fe1a85ec53L;
		hash ^= hash >>> 33;
		return (hash != 0) ? hash : 1;
	}

	/** A tenant's integrations, sorted by provider then name, and its revision. */
	record Snapshot(List<IntegrationStatus> integrations, String revision) {

		/** The integration of this provider with this name, if the tenant has it. */
		Optional<IntegrationStatus> find(String provider, String name) {
			return StatusView.find(this.integrations, provider, name);
		}

		/**
		 * For each of the given providers, whether the tenant has at least one usable
		 * integration of it.
		 */
		Map<String, Boolean> usableByProvider(Collection<String> providers) {
			return StatusView.usableByProvider(this.integrations, providers);
		}

	}

	/** A tenant's fingerprint and its text, computed once per change. */
	private record Revision(long fingerprint, String text) {

		Revision(long fingerprint) {
			this(fingerprint, Long.toHexString(fingerprint));
		}

		Revision combine(Revision other) {
			return new Revision(this.fingerprint ^ other.fingerprint);
		}

	}

	/** Told of every change of the view, while the view is locked. */
	@FunctionalInterface
	interface Changes {

		void changed(StatusChange change);

	}

}
