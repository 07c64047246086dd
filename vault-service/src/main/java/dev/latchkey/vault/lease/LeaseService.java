package dev.latchkey.vault.lease;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.SealingException;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.vault.consumer.Purpose;
import dev.latchkey.vault.consumer.RegisteredConsumer;
import dev.latchkey.vault.credential.Credential;
import dev.latchkey.vault.credential.CurrentCredentials;
import dev.latchkey.vault.credential.IntegrityFailures;
import dev.latchkey.vault.crypto.KeyHierarchy;
import dev.latchkey.vault.lease.LeaseRefusedException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Leases an integration's current credential to an authenticated consumer, for a purpose
 * and a provider within its scope: decrypted here, sealed at once to the consumer's
 * public key, and audited before it is handed out (no audit, no lease). Refusals are
 * audited too, and look alike to the caller whatever their reason.
 */
@Service
class LeaseService {

	private static final Logger logger = LoggerFactory.getLogger(LeaseService.class);

	private final CurrentCredentials credentials;

	private final KeyHierarchy keys;

	private final LeaseAuditLog audit;

	private final Clock clock;

	private final IntegrityFailures integrity;

	LeaseService(CurrentCredentials credentials, KeyHierarchy keys, LeaseAuditLog audit, Clock clock,
			IntegrityFailures integrity) {
		this.integrity = integrity;
		this.credentials = credentials;
		this.keys = keys;
		this.audit = audit;
		this.clock = clock;
	}

	Mono<Lease> lease(RegisteredConsumer consumer, LeaseRequest request) {
		Purpose purpose = Purpose.fromWire(request.purpose())
			.filter(Purpose::leases)
			.filter(consumer::mayAct)
			.orElse(null);
		if (purpose == null) {
			return refuse(consumer, request, null, Reason.OUT_OF_SCOPE);
		}
		return this.credentials.find(request.integrationId())
			.filter((credential) -> credential.tenantId().equals(request.tenantId()))
			.flatMap(
					(credential) -> consumer.mayLease(purpose, credential.provider())
							? grant(consumer, purpose, credential).onErrorResume(SealingException.class,
									(ex) -> this.integrity.record(credential)
										.then(refuse(consumer, request, credential.version(),
												Reason.INTEGRITY_FAILURE)))
							: refuse(consumer, request, credential.version(), Reason.OUT_OF_SCOPE))
			.switchIfEmpty(Mono.defer(() -> refuse(consumer, request, null, Reason.NOT_FOUND)));
	}

	private Mono<Lease> grant(RegisteredConsumer consumer, Purpose purpose, Credential credential) {
		return this.keys.decrypt(credential.storedVersion(), credential.envelope())
			.map((secret) -> seal(consumer, credential, secret))
			.flatMap((lease) -> this.audit.record(LeaseAudit.granted(consumer.name(), purpose.wire(), lease, now()))
				.onErrorMap((ex) -> new LeaseRefusedException(Reason.AUDIT_UNAVAILABLE,
						"The lease could not be audited, so nothing was leased", ex))
				.thenReturn(lease))
			.doOnNext((lease) -> logger.info("Leased integration {} version {} to {} for {} (lease {})",
					lease.integrationId(), lease.version(), consumer.name(), purpose.wire(), lease.leaseId()));
	}

	/**
	 * Records the refusal (best effort: a refusal stands whether or not it was recorded)
	 * and fails with it.
	 */
	private <T> Mono<T> refuse(RegisteredConsumer consumer, LeaseRequest request, Long version, Reason reason) {
		String purpose = Purpose.fromWire(request.purpose()).map(Purpose::wire).orElse("(unknown)");
		logger.warn("Refused a lease of integration {} to {} for {}: {}", request.integrationId(), consumer.name(),
				purpose, reason);
		LeaseAudit refused = LeaseAudit.refused(consumer.name(), true, purpose, request.tenantId(),
				request.integrationId(), version, reason.name(), now());
		return this.audit.record(refused).onErrorResume((ex) -> {
			logger.error("Could not audit the refused lease of integration {} ({})", request.integrationId(),
					ex.getClass().getSimpleName());
			return Mono.empty();
		})
			.then(Mono.error(new LeaseRefusedException(reason, "Lease of integration " + request.integrationId()
					+ " refused to " + consumer.name() + ": " + reason)));
	}

	private static Lease seal(RegisteredConsumer consumer, Credential credential, SecretFields secret) {
		String leaseId = UUID.randomUUID().toString();
		byte[] sealed = consumer.sealer()
			.seal(secret, AssociatedData.forLease(consumer.name(), credential.tenantId(), credential.integrationId(),
					credential.version(), leaseId));
		return new Lease(leaseId, credential.tenantId(), credential.integrationId(), credential.provider(),
				credential.name(), credential.version(), credential.publicFields(), sealed);
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

}
