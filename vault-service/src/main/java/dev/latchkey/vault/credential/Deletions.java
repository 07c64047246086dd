package dev.latchkey.vault.credential;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import org.springframework.stereotype.Service;

/**
 * Deletes integrations by crypto-shredding: the credential keeps no envelope, every
 * version's data key is destroyed (what remains of the ciphertext cannot be opened, not
 * even with the root and tenant keys), and a tombstone on the status topic makes the
 * status view, the scanner and the refresher forget the integration.
 * <p>
 * The steps run in that order and each is idempotent; the credential says
 * {@code DELETING} until all are done, so a deletion interrupted by a crash is finished
 * by the next request for it, by the next submission to the integration, or by the
 * pending sweep.
 */
@Service
public class Deletions {

	private static final Logger logger = LoggerFactory.getLogger(Deletions.class);

	/** Revocation outcome when nothing was revoked at the platform. */
	public static final String NOT_REVOKED = "NOT_APPLICABLE";

	private static final int CONCURRENT_UPDATE_RETRIES = 5;

	private final CredentialRepository credentials;

	private final StatusPublisher status;

	private final Clock clock;

	Deletions(CredentialRepository credentials, StatusPublisher status, Clock clock) {
		this.credentials = credentials;
		this.status = status;
		this.clock = clock;
	}

	/**
	 * Deletes the tenant's integration; deleting it again is a no-op that finishes what
	 * an interrupted deletion left.
	 * @param revocation what revoking the token at the platform did (recorded, never a
	 * secret), e.g. {@code REVOKED}, {@code FAILED}, {@link #NOT_REVOKED}
	 * @return the integration as deleted, or empty when the tenant has no such
	 * integration (another tenant's looks exactly the same)
	 */
	public Mono<Deleted> delete(String tenantId, String integrationId, String revocation) {
		return Mono
			.defer(() -> this.credentials.find(integrationId)
				.filter((current) -> current.tenantId().equals(tenantId))
				.flatMap((current) -> current.isDeleted() ? Mono.just(current) : markDeleted(current)))
			.retryWhen(Retry.max(CONCURRENT_UPDATE_RETRIES)
				.filter(ConcurrentUpdateException.class::isInstance)
				.onRetryExhaustedThrow((spec, signal) -> signal.failure()))
			.flatMap((deleted) -> this.credentials.recordDeletion(deleted, revocation).then(finish(deleted)))
			.map((deleted) -> new Deleted(deleted.integrationId(), deleted.provider(), deleted.version()));
	}

	/**
	 * The tenant's integrations not yet completely deleted, in id order after
	 * {@code afterId}: what offboarding the tenant still has to delete.
	 */
	public Flux<String> undeletedOf(String tenantId, String afterId, int limit) {
		return this.credentials.undeletedOf(tenantId, afterId, limit);
	}

	/**
	 * Shreds the versions and publishes the tombstone of a deleted credential, then marks
	 * the deletion complete.
	 */
	Mono<Credential> finish(Credential deleted) {
		if (deleted.isDeletionComplete()) {
			return Mono.just(deleted);
		}
		return this.credentials.shredVersions(deleted.integrationId(), deleted.version(), now())
			.flatMap((shredded) -> this.status.remove(deleted).thenReturn(shredded))
			.flatMap((shredded) -> {
				Credential complete = deleted.deletionCompleted();
				logger.info("Deleted integration {} of tenant {}: {} version data keys destroyed up to version {}",
						deleted.integrationId(), deleted.tenantId(), shredded, deleted.version());
				// Lost to a concurrent finisher or a new submission: either way done.
				return this.credentials.replace(deleted, complete).thenReturn(complete);
			});
	}

	/** Finishes deletions left unfinished since before {@code age} ago. */
	Mono<Long> finishUnfinished(Duration age, int limit) {
		return this.credentials.findUnfinishedDeletions(now().minus(age), limit)
			.concatMap(this::finish)
			.count()
			.doOnNext((finished) -> {
				if (finished > 0) {
					logger.info("Finished {} interrupted deletions", finished);
				}
			});
	}

	private Mono<Credential> markDeleted(Credential current) {
		Credential deleted = current.deleted("deletion-" + UUID.randomUUID(), now());
		return this.credentials.replace(current, deleted)
			.flatMap((replaced) -> replaced ? Mono.just(deleted)
					: Mono.error(new ConcurrentUpdateException(current.integrationId())));
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	/** What was deleted: the integration, its provider and the last version. */
	public record Deleted(String integrationId, String provider, long version) {

	}

}
