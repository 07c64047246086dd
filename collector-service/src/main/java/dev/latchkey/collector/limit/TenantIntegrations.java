package dev.latchkey.collector.limit;

import reactor.core.publisher.Mono;

/**
 * The integrations each tenant has, as far as the collector knows: every integration a
 * submission was accepted for, until it is forgotten.
 */
interface TenantIntegrations {

	/**
	 * Records the integration unless that would give the tenant more than {@code limit}.
	 * @return {@code true} when it is recorded (now or before), {@code false} when the
	 * tenant is at the limit
	 */
	Mono<Boolean> record(String tenantId, String integrationId, int limit);

	/** Whether {@link #record} would succeed now, without recording. */
	Mono<Boolean> admits(String tenantId, String integrationId, int limit);

	Mono<Void> forget(String tenantId, String integrationId);

}
