package dev.latchkey.collector.limit;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The limits on what a tenant submits: a rate per tenant and per integration (this
 * instance's token buckets) and a cap on its integrations (all instances, in MongoDB).
 * The credential and OAuth connect features ask here before they publish anything.
 */
public class SubmissionLimits {

	private static final Logger log = LoggerFactory.getLogger(SubmissionLimits.class);

	private final RateLimits rates;

	private final TenantIntegrations integrations;

	private final int maxIntegrations;

	private final Duration storeTimeout;

	SubmissionLimits(LimitProperties properties, TenantIntegrations integrations, Clock clock) {
		this.rates = new RateLimits(properties, clock);
		this.integrations = integrations;
		this.maxIntegrations = properties.maxIntegrationsPerTenant();
		this.storeTimeout = properties.storeTimeout();
	}

	/**
	 * Admits one submission of the integration: takes a token of the integration's and of
	 * the tenant's rate, and records the integration for the tenant (refused past the
	 * cap). Give the permit back with {@link Permit#refund()} when nothing was published
	 * after all (a replayed answer, a failure).
	 * @return fails with {@link RateLimitedException},
	 * {@link IntegrationLimitReachedException} or {@link LimitsUnavailableException}
	 */
	public Mono<Permit> admitSubmission(String tenantId, String integrationId) {
		return Mono.defer(() -> {
			Permit permit = new Permit(this.rates.take(tenantId, integrationId));
			return recorded(tenantId, integrationId).thenReturn(permit).doOnError((ex) -> permit.refund());
		});
	}

	/**
	 * Admits the start of an OAuth connect: a token of both rates, and the cap checked
	 * but not taken (the integration counts once its callback delivered tokens, see
	 * {@link #recordConnected}).
	 */
	public Mono<Void> admitConnect(String tenantId, String integrationId) {
		return Mono.defer(() -> {
			Permit permit = new Permit(this.rates.take(tenantId, integrationId));
			return stored(this.integrations.admits(tenantId, integrationId, this.maxIntegrations))
				.flatMap((admitted) -> admitted ? Mono.<Void>empty()
						: Mono.error(new IntegrationLimitReachedException(this.maxIntegrations)))
				.doOnError((ex) -> permit.refund());
		});
	}

	/**
	 * Admits an on-demand scan of the integration: a token of its scan rate (one a minute
	 * by default). Give it back with {@link Permit#refund()} when nothing was published.
	 * @return fails with {@link RateLimitedException}
	 */
	public Mono<Permit> admitScanRequest(String integrationId) {
		return Mono.fromCallable(() -> new Permit(this.rates.takeScan(integrationId)));
	}

	/** Records an integration an OAuth callback is about to publish tokens for. */
	public Mono<Void> recordConnected(String tenantId, String integrationId) {
		return recorded(tenantId, integrationId);
	}

	/**
	 * Forgets an integration of a tenant (it was deleted): it no longer counts towards
	 * the cap, and submitting it again counts it anew.
	 */
	public Mono<Void> forget(String tenantId, String integrationId) {
		return stored(this.integrations.forget(tenantId, integrationId)).doOnSuccess((ignored) -> log
			.info("Integration forgotten for the limits: integration={} tenant={}", integrationId, tenantId));
	}

	private Mono<Void> recorded(String tenantId, String integrationId) {
		return stored(this.integrations.record(tenantId, integrationId, this.maxIntegrations))
			.flatMap((recorded) -> recorded ? Mono.<Void>empty()
					: Mono.error(new IntegrationLimitReachedException(this.maxIntegrations)));
	}

	private <T> Mono<T> stored(Mono<T> call) {
		return call.timeout(this.storeTimeout).onErrorMap(LimitsUnavailableException::new);
	}

	/** One admitted submission; {@link #refund()} at most once gives its tokens back. */
	public static final class Permit {

		private Runnable refund;

		Permit(Runnable refund) {
			this.refund = refund;
		}

		public synchronized void refund() {
			if (this.refund != null) {
				this.refund.run();
				this.refund = null;
			}
		}

	}

}
