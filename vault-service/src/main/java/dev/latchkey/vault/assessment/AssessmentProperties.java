package dev.latchkey.vault.assessment;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Retention of the scan history, enforced when a scan is added (by deletion: TTL indexes
 * are not relied on, mongo-java-server ignores them).
 *
 * @param keep the newest scans kept per integration
 * ({@code LATCHKEY_VAULT_ASSESSMENTS_KEEP})
 * @param maxAge scans older than this are deleted, {@code null} for no age limit
 * ({@code LATCHKEY_VAULT_ASSESSMENTS_MAX_AGE})
 */
@ConfigurationProperties("latchkey.vault.assessments")
record AssessmentProperties(@DefaultValue("100") int keep, Duration maxAge) {

	AssessmentProperties {
		if (keep < 1) {
			throw new IllegalStateException("latchkey.vault.assessments.keep must be at least 1");
		}
		if (maxAge != null && (maxAge.isNegative() || maxAge.isZero())) {
			throw new IllegalStateException("latchkey.vault.assessments.max-age must be positive when set");
		}
	}

}
