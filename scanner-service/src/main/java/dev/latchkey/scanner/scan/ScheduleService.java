package dev.latchkey.scanner.scan;

import java.time.Clock;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Keeps the scan schedule in step with the integrations: every status event updates (or
 * creates, or with a tombstone deletes) its entry; a tenant's request makes it due now.
 * Writes are read-modify-compare-and-set, redone on a conflict with a concurrent writer
 * (another listener, a claim, a scan's result).
 */
@Service
class ScheduleService {

	private static final Log logger = LogFactory.getLog(ScheduleService.class);

	private final Schedule schedule;

	private final Planner planner;

	private final Clock clock;

	ScheduleService(Schedule schedule, Planner planner, Clock clock) {
		this.schedule = schedule;
		this.planner = planner;
		this.clock = clock;
	}

	Mono<Void> statusChanged(StatusUpdate status) {
		return statusChanged(status, null);
	}

	/**
	 * @param cause the status record's {@code traceparent}: the first scan of a new
	 * version goes on in the trace that made the version
	 */
	Mono<Void> statusChanged(StatusUpdate status, String cause) {
		return Mono.defer(() -> this.schedule.find(status.integrationId())
			.flatMap((entry) -> this.schedule.replace(entry.with(status, this.clock.instant(), this.planner, cause)))
			.switchIfEmpty(Mono.defer(() -> this.schedule
				.insert(ScheduledIntegration.from(status, this.clock.instant(), this.planner, cause)))))
			.filter(Boolean::booleanValue)
			.repeatWhenEmpty((conflicts) -> conflicts)
			.then();
	}

	Mono<Void> deleted(String integrationId) {
		return this.schedule.delete(integrationId);
	}

	/**
	 * Makes an integration due now. An integration the scanner does not know (yet), or of
	 * another tenant, is left alone.
	 */
	Mono<Void> scanRequested(String tenantId, String integrationId) {
		return scanRequested(tenantId, integrationId, null);
	}

	/**
	 * @param cause the request record's {@code traceparent}, or {@code null}
	 */
	Mono<Void> scanRequested(String tenantId, String integrationId, String cause) {
		return update(integrationId, (entry) -> {
			if (!entry.tenantId().equals(tenantId)) {
				logger.warn("Scan of " + integrationId + " requested for another tenant than its own; ignored");
				return null;
			}
			return entry.dueNow(Trigger.ON_DEMAND, this.clock.instant(), cause);
		});
	}

	private Mono<Void> update(String integrationId, Function<ScheduledIntegration, ScheduledIntegration> change) {
		return Mono.defer(() -> this.schedule.find(integrationId).flatMap((entry) -> {
			ScheduledIntegration changed = change.apply(entry);
			return (changed != null) ? this.schedule.replace(changed) : Mono.just(true);
		}).defaultIfEmpty(true)).filter(Boolean::booleanValue).repeatWhenEmpty((conflicts) -> conflicts).then();
	}

}
