package dev.latchkey.collector.credential;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.latchkey.catalogue.AuthMode;
import dev.latchkey.catalogue.IntegrationId;
import dev.latchkey.catalogue.Provider;
import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.collector.credential.IdempotencyRecord.State;
import dev.latchkey.collector.credential.PublishFailedException.Retry;
import dev.latchkey.collector.limit.SubmissionLimits;
import dev.latchkey.collector.scan.InvalidScanPeriodException;
import dev.latchkey.collector.scan.ScanPeriods;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.crypto.Sealer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Checks a pasted credential against the catalogue, seals its secret fields to the vault
 * and publishes it. Nothing is published for a rejected submission, and the submission is
 * accepted only once the broker has acknowledged it.
 * <p>
 * With an idempotency key, the first request reserves an event id for the key and every
 * attempt publishes that same event: the vault stores an event id at most once, so a late
 * delivery of a timed-out attempt and its retry make one version. After the
 * acknowledgement the answer is stored and repeated for the same submission.
 */
@Service
class CredentialService {

	static final String DEFAULT_NAME = IntegrationId.DEFAULT_NAME;

	static final Pattern NAME = IntegrationId.NAME;

	/** Compare-and-set races lost before a request gives up with 409. */
	private static final int CLAIM_TRIES = 3;

	private static final Logger log = LoggerFactory.getLogger(CredentialService.class);

	private final ProviderCatalogue catalogue;

	private final Sealer vault;

	private final CredentialPublisher publisher;

	private final IdempotencyKeys keys;

	private final Clock clock;

	private final Duration publishTimeout;

	private final CredentialProperties.Idempotency idempotency;

	private final SubmissionLimits limits;

	private final ScanPeriods periods;

	CredentialService(ProviderCatalogue catalogue, Sealer vault, CredentialPublisher publisher, IdempotencyKeys keys,
			SubmissionLimits limits, Clock clock, CredentialProperties properties) {
		this(catalogue, vault, publisher, keys, limits, clock, properties,
				new ScanPeriods(Duration.ofMinutes(15), Duration.ofDays(30)));
	}

	@Autowired
	CredentialService(ProviderCatalogue catalogue, Sealer vault, CredentialPublisher publisher, IdempotencyKeys keys,
			SubmissionLimits limits, Clock clock, CredentialProperties properties, ScanPeriods periods) {
		this.periods = periods;
		this.catalogue = catalogue;
		this.vault = vault;
		this.publisher = publisher;
		this.keys = keys;
		this.limits = limits;
		this.clock = clock;
		this.publishTimeout = properties.publishTimeout();
		this.idempotency = properties.idempotency();
	}

	/**
	 * Accepts a credential for the caller's tenant, without an idempotency key.
	 * @see #submit(String, String, Submission, IdempotencyKey)
	 */
	Mono<Accepted> submit(String tenantId, String providerId, Submission submission) {
		return submit(tenantId, providerId, submission, null);
	}

	/**
	 * Accepts a credential for the caller's tenant.
	 * @param key the client's idempotency key, {@code null} when it sent none
	 * @return the accepted integration (a stored answer for a repeated key); fails with
	 * {@link UnknownProviderException}, {@link InvalidSubmissionException},
	 * {@link IdempotencyKeyReusedException}, {@link IdempotencyKeyInUseException},
	 * {@link IdempotencyUnavailableException}, the limits' refusals
	 * ({@link SubmissionLimits#admitSubmission}; nothing published for any of these) or
	 * {@link PublishFailedException}
	 */
	Mono<Accepted> submit(String tenantId, String providerId, Submission submission, IdempotencyKey key) {
		return Mono.fromCallable(() -> check(tenantId, providerId, submission))
			.flatMap((checked) -> this.limits.admitSubmission(checked.tenantId(), checked.integrationId())
				.flatMap((permit) -> ((key != null) ? submitKeyed(checked, key) : submitUnkeyed(checked))
					// Only what was published counts towards the rates: a replayed answer
					// or a failure gives its tokens back.
					.doOnNext((accepted) -> {
						if (accepted.replayed()) {
							permit.refund();
						}
					})
					.doOnError((ex) -> permit.refund())));
	}

	private Mono<Accepted> submitUnkeyed(Checked checked) {
		String eventId = UUID.randomUUID().toString();
		Instant occurredAt = now();
		return Mono.fromCallable(() -> seal(checked, eventId, occurredAt))
			.flatMap((credential) -> publish(credential)
				.onErrorResume((ex) -> reserveForRetry(checked, eventId, occurredAt)
					.map((generated) -> failure(credential, ex, Retry.WITH_GENERATED_KEY, generated))
					.defaultIfEmpty(failure(credential, ex, Retry.WITHOUT_KEY, null))
					.flatMap(Mono::error))
				.then(Mono.fromSupplier(() -> accepted(credential))));
	}

	/**
	 * After an unkeyed attempt failed, the event may still be delivered late: a key
	 * reserved for the same event id lets the client retry without a second version.
	 * Empty when the records cannot be written (the answer is then as without keys).
	 */
	private Mono<IdempotencyKey> reserveForRetry(Checked checked, String eventId, Instant occurredAt) {
		IdempotencyKey generated = IdempotencyKey.generate();
		String id = generated.scopedTo(checked.tenantId());
		IdempotencyRecord reserved = IdempotencyRecord.failed(id, checked.fingerprint(id), eventId, occurredAt, now(),
				this.idempotency.retention());
		return stored(this.keys.create(reserved)).flatMap((created) -> created ? Mono.just(generated) : Mono.empty())
			.onErrorResume((ex) -> {
				log.warn("No idempotency key reserved after a failed publish: integration={} tenant={} event={}: {}",
						checked.integrationId(), checked.tenantId(), eventId, String.valueOf(ex.getCause()));
				return Mono.empty();
			});
	}

	private Mono<Accepted> submitKeyed(Checked checked, IdempotencyKey key) {
		String id = key.scopedTo(checked.tenantId());
		return claim(id, checked.fingerprint(id), CLAIM_TRIES).flatMap((claimed) -> {
			if (claimed.state() == State.SUCCEEDED) {
				log.info("Credential replayed: integration={} provider={} tenant={} event={}",
						claimed.answer().integrationId(), claimed.answer().provider(), checked.tenantId(),
						claimed.eventId());
				return Mono.just(claimed.answer().asReplay());
			}
			return attempt(checked, claimed);
		});
	}

	/**
	 * Finds or makes the record of a key and, unless it holds an answer, takes the lock
	 * for one attempt.
	 */
	private Mono<IdempotencyRecord> claim(String id, Fingerprint fingerprint, int tries) {
		return Mono.defer(() -> {
			Instant now = now();
			IdempotencyRecord fresh = IdempotencyRecord.inFlight(id, fingerprint, UUID.randomUUID().toString(), now,
					this.idempotency.retention(), this.idempotency.lock());
			return stored(this.keys.create(fresh)).flatMap((created) -> created ? Mono.just(fresh)
					: stored(this.keys.find(id)).flatMap((existing) -> claimExisting(existing, fresh, now, tries))
						// Removed in between (expired): start over.
						.switchIfEmpty(Mono.defer(() -> claimAgain(id, fingerprint, tries))));
		});
	}

	private Mono<IdempotencyRecord> claimExisting(IdempotencyRecord existing, IdempotencyRecord fresh, Instant now,
			int tries) {
		if (existing.expiredAt(now)) {
			return takeOver(existing, existing.replacedBy(fresh), tries);
		}
		if (!existing.fingerprint().matches(fresh.fingerprint())) {
			return Mono.error(new IdempotencyKeyReusedException());
		}
		if (existing.state() == State.SUCCEEDED) {
			return Mono.just(existing);
		}
		if (existing.lockedAt(now)) {
			return Mono.error(new IdempotencyKeyInUseException(Duration.between(now, existing.lockedUntil())));
		}
		// Failed, or its attempt died without a word: retry the same event.
		return takeOver(existing, existing.retriedAt(now, this.idempotency.lock()), tries);
	}

	private Mono<IdempotencyRecord> takeOver(IdempotencyRecord existing, IdempotencyRecord replacement, int tries) {
		return stored(this.keys.replace(replacement, existing.version())).flatMap((replaced) -> replaced
				? Mono.just(replacement) : claimAgain(existing.id(), replacement.fingerprint(), tries));
	}

	private Mono<IdempotencyRecord> claimAgain(String id, Fingerprint fingerprint, int tries) {
		if (tries <= 1) {
			// Others keep winning the record: one of them is working on it.
			return Mono.error(new IdempotencyKeyInUseException(Duration.ofSeconds(1)));
		}
		return claim(id, fingerprint, tries - 1);
	}

	/** One attempt for a claimed key: its event id, its time, and the answer stored. */
	private Mono<Accepted> attempt(Checked checked, IdempotencyRecord claimed) {
		return Mono.fromCallable(() -> seal(checked, claimed.eventId(), claimed.occurredAt()))
			.flatMap((credential) -> publish(credential)
				.onErrorResume((ex) -> settle(claimed.failed(), claimed.version())
					.then(Mono.error(failure(credential, ex, Retry.WITH_SAME_KEY, null))))
				.then(Mono.defer(() -> {
					Accepted accepted = accepted(credential);
					return settle(claimed.succeeded(accepted), claimed.version()).thenReturn(accepted);
				})));
	}

	/**
	 * Records how an attempt ended. The outcome stands even if this write fails: the lock
	 * runs out, and the next retry publishes the same event again.
	 */
	private Mono<Void> settle(IdempotencyRecord settled, long expectedVersion) {
		return stored(this.keys.replace(settled, expectedVersion)).doOnNext((replaced) -> {
			if (!replaced) {
				log.info("Idempotency record taken over by a later attempt: event={}", settled.eventId());
			}
		}).onErrorResume((ex) -> {
			log.warn("Idempotency record not updated to {}: event={}: {}", settled.state(), settled.eventId(),
					String.valueOf(ex.getCause()));
			return Mono.empty();
		}).then();
	}

	private Mono<Void> publish(SealedCredential credential) {
		return this.publisher.publish(credential)
			.timeout(this.publishTimeout)
			.doOnError((ex) -> log.warn("Publishing failed: integration={} provider={} tenant={} event={}: {}",
					credential.integrationId(), credential.provider(), credential.tenantId(), credential.eventId(),
					ex.toString()));
	}

	private static PublishFailedException failure(SealedCredential credential, Throwable cause, Retry retry,
			IdempotencyKey generated) {
		return new PublishFailedException(credential.integrationId(), cause, retry, generated);
	}

	/** Store calls, bounded in time; any failure means the records are unavailable. */
	private <T> Mono<T> stored(Mono<T> call) {
		return call.timeout(this.idempotency.storeTimeout()).onErrorMap(IdempotencyUnavailableException::new);
	}

	private Checked check(String tenantId, String providerId, Submission submission) {
		Provider provider = this.catalogue.find(providerId).orElseThrow(UnknownProviderException::new);
		String name = (submission.name() != null) ? submission.name() : DEFAULT_NAME;
		Map<String, String> fields = (submission.fields() != null) ? submission.fields() : Map.of();
		List<String> problems = problemsWith(provider, name, fields);
		Long scanEverySeconds = null;
		if (submission.scanEvery() != null) {
			try {
				scanEverySeconds = this.periods.parse(submission.scanEvery()).getSeconds();
			}
			catch (InvalidScanPeriodException ex) {
				problems.add("scanEvery " + this.periods.rule());
			}
		}
		if (!problems.isEmpty()) {
			throw new InvalidSubmissionException(problems);
		}
		return new Checked(tenantId, provider, name, fields, scanEverySeconds);
	}

	private SealedCredential seal(Checked checked, String eventId, Instant occurredAt) {
		Map<String, String> publicFields = new HashMap<>();
		Map<String, String> secretFields = new HashMap<>();
		checked.fields().forEach((fieldName, value) -> {
			if (value != null && !value.isEmpty()) {
				boolean secret = checked.provider().field(fieldName).orElseThrow().secret();
				(secret ? secretFields : publicFields).put(fieldName, value);
			}
		});
		byte[] sealed = this.vault.seal(SecretFields.of(secretFields),
				AssociatedData.forSubmission(checked.tenantId(), checked.integrationId(), eventId));
		return new SealedCredential(eventId, checked.tenantId(), checked.integrationId(), checked.provider().id(),
				checked.name(), occurredAt, SealedCredential.SOURCE_API_KEY, publicFields, sealed, null, List.of(),
				null, checked.scanEverySeconds());
	}

	private static List<String> problemsWith(Provider provider, String name, Map<String, String> fields) {
		List<String> problems = new ArrayList<>();
		if (provider.authMode() != AuthMode.API_KEY) {
			problems.add(provider.id() + " connects through " + provider.authMode() + ", not with pasted keys");
		}
		if (!NAME.matcher(name).matches()) {
			problems.add("name must match " + NAME.pattern());
		}
		if (fields.isEmpty()) {
			problems.add("fields must not be empty");
		}
		else {
			problems.addAll(provider.problemsWith(fields));
		}
		return problems;
	}

	private Accepted accepted(SealedCredential credential) {
		log.info("Credential received: integration={} provider={} tenant={} event={}", credential.integrationId(),
				credential.provider(), credential.tenantId(), credential.eventId());
		return new Accepted(new IntegrationId(credential.integrationId()), credential.provider(), credential.name());
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	/** A submission that passed the checks. Field values may be secrets. */
	private record Checked(String tenantId, Provider provider, String name, Map<String, String> fields,
			Long scanEverySeconds) {

		String integrationId() {
			return IntegrationId.of(this.tenantId, this.provider.id(), this.name).value();
		}

		Fingerprint fingerprint(String recordId) {
			return Fingerprint.of(recordId, this.provider.id(), this.name, this.fields, this.scanEverySeconds);
		}

		@Override
		public String toString() {
			return "Checked[tenant=" + this.tenantId + ", provider=" + this.provider.id() + ", name=" + this.name
					+ ", fields=" + this.fields.keySet() + " (values redacted)]";
		}

	}

}
