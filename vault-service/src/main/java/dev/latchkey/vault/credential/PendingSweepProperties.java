package dev.latchkey.vault.credential;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The sweep that reports credentials left waiting for a scan again.
 *
 * @param after how long a credential may stay in {@code PENDING_VERIFICATION}, unchanged,
 * before its status is published again ({@code LATCHKEY_VAULT_PENDING_SWEEP_AFTER})
 * @param every the pause between two sweeps ({@code LATCHKEY_VAULT_PENDING_SWEEP_EVERY})
 * @param batch at most this many credentials per sweep, oldest first
 * ({@code LATCHKEY_VAULT_PENDING_SWEEP_BATCH})
 */
@ConfigurationProperties("latchkey.vault.pending-sweep")
record PendingSweepProperties(@DefaultValue("2m") Duration after, @DefaultValue("30s") Duration every,
		@DefaultValue("500") int batch) {

	PendingSweepProperties {
		if (after.isNegative() || after.isZero()) {
			throw new IllegalArgumentException("latchkey.vault.pending-sweep.after must be positive, was " + after);
		}
		if (every.isNegative() || every.isZero()) {
			throw new IllegalArgumentException("latchkey.vault.pending-sweep.every must be positive, was " + every);
		}
		if (batch < 1) {
			throw new IllegalArgumentException("latchkey.vault.pending-sweep.batch must be at least 1, was " + batch);
		}
	}

}
