package dev.latchkey.vault.credential;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.stereotype.Service;

/**
 * The tenant's own scan period of an integration: stored on the credential and published
 * on the status topic, from which the scanner plans its checks.
 */
@Service
public class Schedules {

	private static final Logger logger = LoggerFactory.getLogger(Schedules.class);

	private static final int CONCURRENT_UPDATE_RETRIES = 5;

	private final CredentialRepository credentials;

	private final StatusPublisher status;

	Schedules(CredentialRepository credentials, StatusPublisher status) {
		this.credentials = credentials;
		this.status = status;
	}

	/**
	 * Sets the integration's scan period, and publishes its status (again when it was
	 * already that: the scanner may have missed it).
	 * @param everySeconds the period, or {@code null} for the provider's default
	 * @return the credential as stored, or empty when the tenant has no such integration
	 * (another tenant's and a deleted one look exactly the same)
	 */
	public Mono<Credential> scanEvery(String tenantId, String integrationId, Long everySeconds) {
		if (everySeconds != null && everySeconds < 1) {
			return Mono.error(new IllegalArgumentException("everySeconds must be positive"));
		}
		return Mono.defer(() -> this.credentials.find(integrationId)
			.filter((current) -> current.tenantId().equals(tenantId) && !current.isDeleted())
			.flatMap((current) -> {
				Credential next = current.withScanEvery(everySeconds, "schedule-" + UUID.randomUUID());
				return this.credentials.replace(current, next)
					.flatMap((replaced) -> replaced ? Mono.just(next)
							: Mono.error(new ConcurrentUpdateException(integrationId)));
			}))
			.retryWhen(Retry.max(CONCURRENT_UPDATE_RETRIES)
				.filter(ConcurrentUpdateException.class::isInstance)
				.onRetryExhaustedThrow((spec, signal) -> signal.failure()))
			.flatMap((stored) -> this.status.publish(stored).thenReturn(stored))
			.doOnNext((stored) -> logger.info("Scan period of integration {} of tenant {} set to {}", integrationId,
					tenantId, (everySeconds != null) ? everySeconds + " s" : "the provider's default"));
	}

}
