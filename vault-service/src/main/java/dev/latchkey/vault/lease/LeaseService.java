package dev.latchkey.vault.lease;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.Sealer;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.vault.credential.Credential;
import dev.latchkey.vault.credential.CurrentCredentials;
import dev.latchkey.vault.crypto.KeyHierarchy;
import dev.latchkey.vault.lease.LeaseRefusedException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Leases an integration's current credential to a registered consumer: decrypted here,
 * sealed at once to the consumer's public key, and audited before it is handed out.
 */
@Service
class LeaseService {

	private static final Logger logger = LoggerFactory.getLogger(LeaseService.class);

	private final RegisteredConsumers consumers;

	private final CurrentCredentials credentials;

	private final KeyHierarchy keys;

	private final LeaseAuditLog audit;

	private final Clock clock;

	LeaseService(RegisteredConsumers consumers, CurrentCredentials credentials, KeyHierarchy keys, LeaseAuditLog audit,
			Clock clock) {
		this.consumers = consumers;
		this.credentials = credentials;
		this.keys = keys;
		this.audit = audit;
		this.clock = clock;
	}

	Mono<Lease> lease(LeaseRequest request) {
		Sealer sealer = this.consumers.sealerFor(request.consumer()).orElse(null);
		if (sealer == null) {
			logger.warn("Refused a lease of integration {} to unknown consumer {}", request.integrationId(),
					request.consumer());
			return Mono.error(new LeaseRefusedException(Reason.UNKNOWN_CONSUMER,
					"Consumer " + request.consumer() + " is not registered"));
		}
		return this.credentials.find(request.integrationId())
			.filter((credential) -> credential.tenantId().equals(request.tenantId()))
			.switchIfEmpty(Mono.error(() -> new LeaseRefusedException(Reason.NOT_FOUND,
					"No integration " + request.integrationId() + " for tenant " + request.tenantId())))
			.flatMap((credential) -> this.keys.decrypt(credential.storedVersion(), credential.envelope())
				.map((secret) -> seal(request.consumer(), sealer, credential, secret)))
			.flatMap((lease) -> this.audit.record(audited(request.consumer(), lease))
				.onErrorMap((ex) -> new LeaseRefusedException(Reason.AUDIT_UNAVAILABLE,
						"The lease could not be audited, so nothing was leased", ex))
				.thenReturn(lease))
			.doOnNext((lease) -> logger.info("Leased integration {} version {} to {} (lease {})", lease.integrationId(),
					lease.version(), request.consumer(), lease.leaseId()));
	}

	private static Lease seal(String consumer, Sealer sealer, Credential credential, SecretFields secret) {
		String leaseId = UUID.randomUUID().toString();
		byte[] sealed = sealer.seal(secret, AssociatedData.forLease(consumer, credential.tenantId(),
				credential.integrationId(), credential.version(), leaseId));
		return new Lease(leaseId, credential.tenantId(), credential.integrationId(), credential.provider(),
				credential.name(), credential.version(), credential.publicFields(), sealed);
	}

	private LeaseAudit audited(String consumer, Lease lease) {
		return new LeaseAudit(lease.leaseId(), consumer, lease.tenantId(), lease.integrationId(), lease.version(),
				this.clock.instant().truncatedTo(ChronoUnit.MILLIS));
	}

}
