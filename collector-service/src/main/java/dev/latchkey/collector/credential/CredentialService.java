package dev.latchkey.collector.credential;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.latchkey.catalogue.AuthMode;
import dev.latchkey.catalogue.Provider;
import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.crypto.Sealer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * Checks a pasted credential against the catalogue, seals its secret fields to the vault
 * and publishes it. Nothing is published for a rejected submission, and the submission is
 * accepted only once the broker has acknowledged it.
 */
@Service
class CredentialService {

	static final String DEFAULT_NAME = IntegrationId.DEFAULT_NAME;

	static final Pattern NAME = IntegrationId.NAME;

	private static final Logger log = LoggerFactory.getLogger(CredentialService.class);

	private final ProviderCatalogue catalogue;

	private final Sealer vault;

	private final CredentialPublisher publisher;

	private final Clock clock;

	private final Duration publishTimeout;

	CredentialService(ProviderCatalogue catalogue, Sealer vault, CredentialPublisher publisher, Clock clock,
			CredentialProperties properties) {
		this.catalogue = catalogue;
		this.vault = vault;
		this.publisher = publisher;
		this.clock = clock;
		this.publishTimeout = properties.publishTimeout();
	}

	/**
	 * Accepts a credential for the caller's tenant.
	 * @return the accepted integration; fails with {@link UnknownProviderException},
	 * {@link InvalidSubmissionException} or {@link PublishFailedException}
	 */
	Mono<Accepted> submit(String tenantId, String providerId, Submission submission) {
		return Mono.fromCallable(() -> seal(tenantId, providerId, submission))
			.flatMap((credential) -> this.publisher.publish(credential)
				.timeout(this.publishTimeout)
				.doOnError((ex) -> log.warn("Publishing failed: integration={} provider={} tenant={} event={}: {}",
						credential.integrationId(), credential.provider(), credential.tenantId(), credential.eventId(),
						ex.toString()))
				.onErrorMap((ex) -> new PublishFailedException(credential.integrationId(), ex))
				.then(Mono.fromSupplier(() -> accepted(credential))));
	}

	private SealedCredential seal(String tenantId, String providerId, Submission submission) {
		Provider provider = this.catalogue.find(providerId).orElseThrow(UnknownProviderException::new);
		String name = (submission.name() != null) ? submission.name() : DEFAULT_NAME;
		Map<String, String> fields = (submission.fields() != null) ? submission.fields() : Map.of();
		check(provider, name, fields);

		Map<String, String> publicFields = new HashMap<>();
		Map<String, String> secretFields = new HashMap<>();
		fields.forEach((fieldName, value) -> {
			if (value != null && !value.isEmpty()) {
				boolean secret = provider.field(fieldName).orElseThrow().secret();
				(secret ? secretFields : publicFields).put(fieldName, value);
			}
		});
		String integrationId = IntegrationId.of(tenantId, provider.id(), name).value();
		String eventId = UUID.randomUUID().toString();
		byte[] sealed = this.vault.seal(SecretFields.of(secretFields).encode(),
				AssociatedData.forSubmission(tenantId, integrationId, eventId));
		return new SealedCredential(eventId, tenantId, integrationId, provider.id(), name,
				this.clock.instant().truncatedTo(ChronoUnit.MILLIS), SealedCredential.SOURCE_API_KEY, publicFields,
				sealed);
	}

	private static void check(Provider provider, String name, Map<String, String> fields) {
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
		if (!problems.isEmpty()) {
			throw new InvalidSubmissionException(problems);
		}
	}

	private Accepted accepted(SealedCredential credential) {
		log.info("Credential received: integration={} provider={} tenant={} event={}", credential.integrationId(),
				credential.provider(), credential.tenantId(), credential.eventId());
		return new Accepted(new IntegrationId(credential.integrationId()), credential.provider(), credential.name());
	}

}
