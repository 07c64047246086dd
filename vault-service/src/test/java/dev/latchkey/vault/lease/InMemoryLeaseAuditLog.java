package dev.latchkey.vault.lease;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import reactor.core.publisher.Mono;

/** The lease audit in memory; it can be made to fail, as a MongoDB that is down. */
class InMemoryLeaseAuditLog implements LeaseAuditLog {

	private static final Comparator<LeaseAudit> NEWEST_FIRST = Comparator.comparing(LeaseAudit::at)
		.thenComparing(LeaseAudit::id)
		.reversed();

	private final List<LeaseAudit> audits = new CopyOnWriteArrayList<>();

	private volatile String failingFor;

	/** Every write about this integration fails from now on. */
	InMemoryLeaseAuditLog failFor(String integrationId) {
		this.failingFor = integrationId;
		return this;
	}

	void clear() {
		this.audits.clear();
		this.failingFor = null;
	}

	List<LeaseAudit> all() {
		return List.copyOf(this.audits);
	}

	@Override
	public Mono<Void> record(LeaseAudit audit) {
		return Mono.defer(() -> {
			if (audit.integrationId() != null && audit.integrationId().equals(this.failingFor)) {
				return Mono.error(new IllegalStateException("audit store down"));
			}
			this.audits.add(audit);
			return Mono.empty();
		});
	}

	@Override
	public Mono<List<LeaseAudit>> newestFirst(String tenantId, String integrationId, AccessLogCursor after, int limit) {
		return Mono.fromSupplier(() -> this.audits.stream()
			.filter((audit) -> tenantId.equals(audit.tenantId()) && integrationId.equals(audit.integrationId()))
			.filter((audit) -> after == null || audit.at().isBefore(after.at())
					|| (audit.at().equals(after.at()) && audit.id().compareTo(after.id()) < 0))
			.sorted(NEWEST_FIRST)
			.limit(limit)
			.toList());
	}

}
