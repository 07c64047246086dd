package dev.latchkey.vault.credential;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.Opener;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.vault.crypto.KeyHierarchy;
import dev.latchkey.vault.crypto.StoredVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Stores submitted credentials as new versions and folds scan results into their state.
 * Each change is written first and published second; a re-delivered event finishes what a
 * crash interrupted and publishes the state again.
 */
@Service
class CredentialService {

	private static final Logger logger = LoggerFactory.getLogger(CredentialService.class);

	private final CredentialRepository credentials;

	private final Opener submissions;

	private final KeyHierarchy keys;

	private final StatusPublisher status;

	private final Deletions deletions;

	private final Clock clock;

	private final int retainedVersions;

	private final ScanHistory history;

	@Autowired
	CredentialService(CredentialRepository credentials, Opener submissions, KeyHierarchy keys, StatusPublisher status,
			Deletions deletions, Clock clock, CredentialProperties properties, ScanHistory history) {
		this(credentials, submissions, keys, status, deletions, clock, properties.retainedVersions(), history);
	}

	CredentialService(CredentialRepository credentials, Opener submissions, KeyHierarchy keys, StatusPublisher status,
			Deletions deletions, Clock clock) {
		this(credentials, submissions, keys, status, deletions, clock, Integer.MAX_VALUE);
	}

	CredentialService(CredentialRepository credentials, Opener submissions, KeyHierarchy keys, StatusPublisher status,
			Deletions deletions, Clock clock, int retainedVersions) {
		this(credentials, submissions, keys, status, deletions, clock, retainedVersions, ScanHistory.NONE);
	}

	CredentialService(CredentialRepository credentials, Opener submissions, KeyHierarchy keys, StatusPublisher status,
			Deletions deletions, Clock clock, int retainedVersions, ScanHistory history) {
		this.history = history;
		this.retainedVersions = retainedVersions;
		this.credentials = credentials;
		this.submissions = submissions;
		this.keys = keys;
		this.status = status;
		this.deletions = deletions;
		this.clock = clock;
	}

	/**
	 * Stores the submitted credential as the integration's next version, once per event.
	 * @return the credential as stored
	 */
	Mono<Credential> store(Submission submission) {
		return currentOf(submission).flatMap(this::finishDeletion).flatMap((current) -> {
			if (current.isPresent() && current.get().isDeleted() && !startsAgain(submission, current.get())) {
				return Mono.empty();
			}
			if (current.isPresent() && current.get().hasApplied(submission.eventId())) {
				logger.info("Event {} of integration {} was already applied (version {})", submission.eventId(),
						submission.integrationId(), current.get().version());
				return Mono.just(current.get());
			}
			return recordVersion(submission, current).flatMap((recorded) -> moveTo(recorded, current)
				// A scan result changed it meanwhile: the version is recorded, move
				// again.
				.onErrorResume(ConcurrentUpdateException.class,
						(ex) -> this.credentials.find(recorded.integrationId())
							.map(Optional::of)
							.defaultIfEmpty(Optional.empty())
							.flatMap((reread) -> moveTo(recorded, reread))));
		}).flatMap((stored) -> retainNewest(stored).thenReturn(stored)).flatMap(this::publish);
	}

	/**
	 * Version retention: the data keys of versions older than the newest
	 * {@code retainedVersions} are destroyed (idempotent; again on a replay).
	 */
	private Mono<Long> retainNewest(Credential stored) {
		long upTo = stored.version() - this.retainedVersions;
		if (upTo < 1) {
			return Mono.just(0L);
		}
		return this.credentials.shredVersions(stored.integrationId(), upTo, now());
	}

	/**
	 * A deletion a crash interrupted is finished before the integration takes a new
	 * version, so that shredding never reaches a version stored after it.
	 */
	private Mono<Optional<Credential>> finishDeletion(Optional<Credential> current) {
		if (current.isEmpty() || !current.get().isDeleted() || current.get().isDeletionComplete()) {
			return Mono.just(current);
		}
		return this.deletions.finish(current.get()).map(Optional::of);
	}

	/**
	 * A deleted integration starts again with a submission made after the deletion; a
	 * refresh, or a submission accepted before the deletion and delivered after it, is
	 * dropped.
	 */
	private static boolean startsAgain(Submission submission, Credential deleted) {
		if (submission.basedOnVersion() == null && submission.occurredAt().isAfter(deleted.updatedAt())) {
			return true;
		}
		logger.info("Dropping event {} of integration {}: the integration was deleted at {} (reason DELETED)",
				submission.eventId(), submission.integrationId(), deleted.updatedAt());
		return false;
	}

	/**
	 * Keeps the scan in the integration's history and applies it to the version it
	 * verified; results for any other version, or older than the last one applied, are
	 * stale: kept in the history, ignored for the state.
	 * @return the credential as changed, or empty when the result was ignored
	 */
	Mono<Credential> recordScan(ScanResult scan) {
		return this.credentials.find(scan.integrationId())
			.switchIfEmpty(Mono.fromRunnable(() -> logger.warn("Ignoring scan {}: integration {} is unknown",
					scan.eventId(), scan.integrationId())))
			.flatMap((current) -> applyScan(current, scan))
			.flatMap(this::publish);
	}

	/**
	 * Moves the version the collector could not refresh to {@code REAUTH_REQUIRED} or
	 * {@code EXPIRED}; a failure for any other version is stale and ignored.
	 * @return the credential as changed, or empty when the failure was ignored
	 */
	Mono<Credential> recordRefreshFailure(RefreshFailure failure) {
		return this.credentials.find(failure.integrationId())
			.filter((current) -> current.tenantId().equals(failure.tenantId()) && !current.isDeleted())
			.flatMap((current) -> {
				if (current.hasApplied(failure.eventId())) {
					return Mono.just(current);
				}
				if (failure.version() != current.version()) {
					logger.info("Ignoring stale refresh failure {} of integration {}: version {}, current is {}",
							failure.eventId(), failure.integrationId(), failure.version(), current.version());
					return Mono.empty();
				}
				Credential next = current.withRefreshFailure(failure, now());
				return this.credentials.replace(current, next)
					.flatMap((replaced) -> replaced ? Mono.just(next)
							: Mono.error(new ConcurrentUpdateException(failure.integrationId())));
			})
			.flatMap(this::publish);
	}

	/**
	 * Reports a failed OAuth connect on the status topic (state {@code ERROR}, version 0,
	 * the collector's reason) for an integration that has no credential yet. An existing
	 * credential is untouched: a failed reconnect does not make it any worse.
	 * @return the reported status, or empty when the integration already has a credential
	 */
	Mono<Credential> recordConnectFailure(ConnectFailure failure) {
		return this.credentials.find(failure.integrationId())
			.filter((found) -> !found.isDeleted())
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty())
			.flatMap((found) -> {
				if (found.isPresent()) {
					logger.info("Connect failure {} of integration {} ({}) leaves its credential version {} as it is",
							failure.eventId(), failure.integrationId(), failure.reason(), found.get().version());
					return Mono.empty();
				}
				Instant now = now();
				return this.status.publish(Credential.neverConnected(failure, now))
					.thenReturn(Credential.neverConnected(failure, now));
			});
	}

	private Mono<Credential> applyScan(Credential current, ScanResult scan) {
		if (!current.tenantId().equals(scan.tenantId())) {
			return Mono.error(new RejectedEventException("Scan " + scan.eventId() + " names tenant " + scan.tenantId()
					+ " but integration " + scan.integrationId() + " belongs to another"));
		}
		if (current.isDeleted()) {
			logger.info("Ignoring scan {}: integration {} was deleted", scan.eventId(), scan.integrationId());
			return Mono.empty();
		}
		return this.history.record(scan.assessment(current)).then(Mono.defer(() -> applyToState(current, scan)));
	}

	private Mono<Credential> applyToState(Credential current, ScanResult scan) {
		if (current.hasIntegrityFailure() && scan.version() == current.version()) {
			// The scanner could not lease it for that reason: the state says why already.
			logger.info("Ignoring scan {} of integration {}: version {} failed its integrity check", scan.eventId(),
					scan.integrationId(), current.version());
			return Mono.empty();
		}
		if (current.hasApplied(scan.eventId())) {
			logger.info("Scan {} of integration {} was already applied", scan.eventId(), scan.integrationId());
			return Mono.just(current);
		}
		if (scan.version() != current.version()) {
			logger.info("Ignoring stale scan {} of integration {}: it verified version {}, current is {}",
					scan.eventId(), scan.integrationId(), scan.version(), current.version());
			return Mono.empty();
		}
		if (current.checkedAfter(scan.checkedAt())) {
			logger.info("Ignoring late scan {} of integration {}: checked at {}, a later check was applied",
					scan.eventId(), scan.integrationId(), scan.checkedAt());
			return Mono.empty();
		}
		Credential next = current.withScan(scan, now());
		return this.credentials.replace(current, next)
			.flatMap((replaced) -> replaced ? Mono.just(next)
					: Mono.error(new ConcurrentUpdateException(scan.integrationId())));
	}

	/**
	 * Records the submission as the version after {@code current}, once per event: when
	 * the event was recorded before (a crash between the two writes, or an event older
	 * than the ones a credential remembers), that earlier version is the answer. Empty
	 * when a refresh no longer applies.
	 */
	private Mono<CredentialVersion> recordVersion(Submission submission, Optional<Credential> current) {
		long currentVersion = current.map(Credential::version).orElse(0L);
		if (!appliesTo(submission, currentVersion)) {
			return this.credentials.findVersion(submission.eventId());
		}
		return Mono.fromCallable(() -> open(submission))
			.flatMap((secret) -> encryptAs(submission, currentVersion + 1, secret))
			.flatMap((version) -> this.credentials.recordVersion(version)
				.flatMap((recorded) -> recorded ? Mono.just(version).doOnNext(CredentialService::logStored)
						: this.credentials.findVersion(submission.eventId())));
	}

	/**
	 * One line per version stored (never a secret): the operator's trail, in the trace of
	 * the request that made the version.
	 */
	private static void logStored(CredentialVersion version) {
		logger.info("Stored version {} of integration {} ({} of tenant {}, from {})", version.version(),
				version.integrationId(), version.provider(), version.tenantId(), version.source());
	}

	private Mono<CredentialVersion> encryptAs(Submission submission, long number, SecretFields secret) {
		StoredVersion where = new StoredVersion(submission.tenantId(), submission.integrationId(), number,
				submission.provider(), submission.name(), submission.publicFields());
		return this.keys.encrypt(where, secret)
			.map((envelope) -> new CredentialVersion(submission.eventId(), submission.tenantId(),
					submission.integrationId(), submission.provider(), submission.name(), number,
					submission.publicFields(), envelope, submission.source(), submission.occurredAt(), now(),
					submission.expiresAt(), submission.scanEverySeconds()));
	}

	/**
	 * Compare-and-set for refreshes: a refresh applies only on top of the version it was
	 * based on. Another refresh (or a reconnect) that got there first wins; this one is
	 * dropped, and the log says why.
	 */
	private static boolean appliesTo(Submission submission, long current) {
		if (submission.basedOnVersion() == null || submission.basedOnVersion() == current) {
			return true;
		}
		logger.info("Dropping refresh {} of integration {}: based on version {}, current is {} (reason STALE_REFRESH)",
				submission.eventId(), submission.integrationId(), submission.basedOnVersion(), current);
		return false;
	}

	/**
	 * The integration's credential as stored now, if it has one and it is the
	 * submitter's.
	 */
	private Mono<Optional<Credential>> currentOf(Submission submission) {
		return this.credentials.find(submission.integrationId()).map((current) -> {
			if (!current.tenantId().equals(submission.tenantId())) {
				throw new RejectedEventException(
						"Submission " + submission.eventId() + " names tenant " + submission.tenantId()
								+ " but integration " + submission.integrationId() + " belongs to another");
			}
			return Optional.of(current);
		}).defaultIfEmpty(Optional.empty());
	}

	/**
	 * Moves the integration's credential from {@code found} (as read before the version
	 * was recorded; the write is compare-and-set) to the recorded version unless it is
	 * there.
	 */
	private Mono<Credential> moveTo(CredentialVersion recorded, Optional<Credential> found) {
		return Mono.defer(() -> {
			long currentVersion = found.map(Credential::version).orElse(0L);
			if (currentVersion >= recorded.version()) {
				logger.info("Event {} of integration {} was already applied (version {})", recorded.eventId(),
						recorded.integrationId(), currentVersion);
				return Mono.just(found.get());
			}
			if (recorded.version() != currentVersion + 1) {
				return Mono.error(new RejectedEventException(
						"Event " + recorded.eventId() + " recorded version " + recorded.version() + " but integration "
								+ recorded.integrationId() + " is at version " + currentVersion));
			}
			Instant now = now();
			if (found.isEmpty()) {
				Credential first = Credential.first(recorded, now);
				return this.credentials.insert(first)
					.flatMap((inserted) -> inserted ? Mono.just(first)
							: Mono.error(new ConcurrentUpdateException(recorded.integrationId())));
			}
			// A deleted integration starts again: new creation time, nothing of before.
			Credential next = found.get().isDeleted() ? Credential.first(recorded, now)
					: found.get().withVersion(recorded, now);
			return this.credentials.replace(found.get(), next)
				.flatMap((replaced) -> replaced ? Mono.just(next)
						: Mono.error(new ConcurrentUpdateException(recorded.integrationId())));
		});
	}

	private Mono<Credential> publish(Credential credential) {
		return this.status.publish(credential).thenReturn(credential);
	}

	private SecretFields open(Submission submission) {
		return this.submissions.open(submission.sealedSecret(),
				AssociatedData.forSubmission(submission.tenantId(), submission.integrationId(), submission.eventId()));
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
