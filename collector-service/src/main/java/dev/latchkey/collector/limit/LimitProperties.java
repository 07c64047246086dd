package dev.latchkey.collector.limit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How much one tenant may submit. Every accepted submission (a pasted credential or an
 * OAuth connect) becomes an event, a stored version and a probe at the platform.
 *
 * @param perTenant submissions of one tenant, across its integrations, per collector
 * instance
 * @param perIntegration submissions of one integration (tenant, provider, name), per
 * collector instance
 * @param maxIntegrationsPerTenant how many integrations one tenant may have, across all
 * collector instances (kept in MongoDB)
 * @param trackedBuckets how many rate buckets an instance keeps before it drops the ones
 * that are full again (a full bucket is the same as none)
 * @param storeTimeout how long reading or writing a tenant's integrations may take before
 * the submission is answered 503
 * @param scanRequests on-demand scans of one integration, per collector instance: by
 * default one a minute
 */
@ConfigurationProperties("latchkey.collector.limits")
record LimitProperties(@DefaultValue( {
		"120", "1m" }) Rate perTenant, @DefaultValue({ "10", "1m" }) Rate perIntegration,
		@DefaultValue("500") int maxIntegrationsPerTenant, @DefaultValue("100000") int trackedBuckets,
		@DefaultValue("3s") Duration storeTimeout, Rate scanRequests){

	LimitProperties {
		// Not a @DefaultValue: Boot binds the whole record to null when that default is
		// used (1 request per 1m), so it is set here.
		scanRequests = (scanRequests != null) ? scanRequests : new Rate(1, Duration.ofMinutes(1));
		if (storeTimeout.isNegative() || storeTimeout.isZero()) {
			throw new IllegalStateException("latchkey.collector.limits.store-timeout must be positive");
		}
		if (maxIntegrationsPerTenant < 1 || trackedBuckets < 1) {
			throw new IllegalStateException(
					"latchkey.collector.limits.max-integrations-per-tenant and tracked-buckets must be at least 1");
		}
	}

	/**
	 * A token bucket: up to {@code requests} at once, refilled evenly over {@code per}.
	 * So {@code 120} per {@code 1m} allows a burst of 120, then 2 a second.
	 */
	record Rate(int requests, Duration per) {

		Rate {
			if (requests < 1 || per == null || per.isNegative() || per.isZero()) {
				throw new IllegalStateException(
						"latchkey.collector.limits rates need requests >= 1 and a positive period");
			}
		}

		double perNano() {
			return this.requests / (double) this.per.toNanos();
		}

	}

}
