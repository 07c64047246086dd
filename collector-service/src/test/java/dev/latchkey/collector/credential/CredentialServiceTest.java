package dev.latchkey.collector.credential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import dev.latchkey.catalogue.IntegrationId;
import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.collector.Fixtures;
import dev.latchkey.collector.limit.TestLimits;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.HpkeSealer;
import dev.latchkey.crypto.SealingException;
import dev.latchkey.crypto.SecretFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CredentialServiceTest {

	private static final Instant NOW = Instant.parse("2026-11-24T10:15:30.123456Z");

	private final RecordingPublisher publisher = new RecordingPublisher();

	private final CredentialService service = new CredentialService(ProviderCatalogue.builtIn(),
			new HpkeSealer(Fixtures.vaultPublicKeyset()), this.publisher, new InMemoryIdempotencyKeys(),
			TestLimits.generous(), Clock.fixed(NOW, ZoneOffset.UTC),
			TestProperties.withPublishTimeout(Duration.ofMillis(200)));

	@Test
	void submit_sealsTheSecretFieldsSoTheVaultOpensThemWithTheSubmissionContext() {
		Accepted accepted = this.service
			.submit(Fixtures.TENANT, "demo", new Submission(null, Fixtures.aDemoCredential()))
			.block();

		SealedCredential sent = this.publisher.only();
		SecretFields opened = Fixtures.vaultOpener()
			.open(sent.sealedSecret(),
					AssociatedData.forSubmission(Fixtures.TENANT, sent.integrationId(), sent.eventId()));
		assertThat(opened.value("api_key")).isEqualTo(Fixtures.CANARY);
		assertThat(sent.publicFields()).isEmpty();
		assertThat(accepted.integrationId().value()).isEqualTo(sent.integrationId());
	}

	@Test
	void submit_sealedSecretDoesNotOpenForAnotherTenantIntegrationOrEvent() {
		this.service.submit(Fixtures.TENANT, "demo", new Submission(null, Fixtures.aDemoCredential())).block();
		SealedCredential sent = this.publisher.only();

		assertThatExceptionOfType(SealingException.class).isThrownBy(() -> Fixtures.vaultOpener()
			.open(sent.sealedSecret(),
					AssociatedData.forSubmission(Fixtures.OTHER_TENANT, sent.integrationId(), sent.eventId())));
		assertThatExceptionOfType(SealingException.class).isThrownBy(() -> Fixtures.vaultOpener()
			.open(sent.sealedSecret(),
					AssociatedData.forSubmission(Fixtures.TENANT, "int_someotherintegration", sent.eventId())));
		assertThatExceptionOfType(SealingException.class).isThrownBy(() -> Fixtures.vaultOpener()
			.open(sent.sealedSecret(),
					AssociatedData.forSubmission(Fixtures.TENANT, sent.integrationId(), UUID.randomUUID().toString())));
	}

	@Test
	void submit_keepsPublicFieldsInClearAndSecretFieldsOnlySealed() {
		this.service.submit(Fixtures.TENANT, "twilio", new Submission("sms", Fixtures.aTwilioCredential())).block();

		SealedCredential sent = this.publisher.only();
		assertThat(sent.publicFields()).containsExactly(Map.entry("account_sid", Fixtures.TWILIO_SID));
		SecretFields secret = Fixtures.vaultOpener()
			.open(sent.sealedSecret(),
					AssociatedData.forSubmission(Fixtures.TENANT, sent.integrationId(), sent.eventId()));
		assertThat(secret.names()).containsExactly("auth_token");
		assertThat(secret.value("auth_token")).isEqualTo(Fixtures.TWILIO_TOKEN);
	}

	@Test
	void submit_dropsOptionalFieldsLeftEmpty() {
		Map<String, String> fields = new HashMap<>(Fixtures.aTwilioCredential());
		fields.put("phone_number", "");
		this.service.submit(Fixtures.TENANT, "twilio", new Submission(null, fields)).block();

		assertThat(this.publisher.only().publicFields()).containsOnlyKeys("account_sid");
	}

	@Test
	void submit_describesTheEventAndDerivesTheIntegrationId() {
		this.service.submit(Fixtures.TENANT, "demo", new Submission(null, Fixtures.aDemoCredential())).block();

		SealedCredential sent = this.publisher.only();
		assertThat(sent.tenantId()).isEqualTo(Fixtures.TENANT);
		assertThat(sent.provider()).isEqualTo("demo");
		assertThat(sent.name()).isEqualTo("default");
		assertThat(sent.integrationId()).isEqualTo(IntegrationId.of(Fixtures.TENANT, "demo", "default").value());
		assertThat(sent.source()).isEqualTo("API_KEY");
		assertThat(sent.occurredAt()).isEqualTo(Instant.parse("2026-11-24T10:15:30.123Z"));
		assertThat(UUID.fromString(sent.eventId())).isNotNull();
		assertThat(sent.toString()).doesNotContain(Fixtures.CANARY);
	}

	@Test
	void submit_resubmissionIsANewEventForTheSameIntegration() {
		this.service.submit(Fixtures.TENANT, "demo", new Submission(null, Fixtures.aDemoCredential())).block();
		this.service.submit(Fixtures.TENANT, "demo", new Submission(null, Map.of("api_key", "demo_live_rotated")))
			.block();

		assertThat(this.publisher.attempts()).hasSize(2);
		SealedCredential first = this.publisher.attempts().get(0);
		SealedCredential second = this.publisher.attempts().get(1);
		assertThat(second.integrationId()).isEqualTo(first.integrationId());
		assertThat(second.eventId()).isNotEqualTo(first.eventId());
	}

	@Test
	void submit_rejectsAnUnknownProviderAndPublishesNothing() {
		StepVerifier.create(this.service.submit(Fixtures.TENANT, "nope", new Submission(null, Map.of("x", "y"))))
			.expectError(UnknownProviderException.class)
			.verify();
		assertThat(this.publisher.attempts()).isEmpty();
	}

	@Test
	void submit_rejectsFieldsThatDoNotFitTheProviderWithoutQuotingThem() {
		StepVerifier
			.create(this.service.submit(Fixtures.TENANT, "demo",
					new Submission(null, Map.of("api_key", "not-a-demo-key-" + Fixtures.CANARY))))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(InvalidSubmissionException.class)
				.hasMessageContaining("api_key")
				.hasMessageNotContaining(Fixtures.CANARY))
			.verify();
		assertThat(this.publisher.attempts()).isEmpty();
	}

	@Test
	void submit_rejectsABadNameAndEmptyFields() {
		StepVerifier.create(this.service.submit(Fixtures.TENANT, "demo", new Submission("Not OK", Map.of())))
			.expectErrorSatisfies((ex) -> assertThat(((InvalidSubmissionException) ex).problems())
				.containsExactly("name must match [a-z0-9][a-z0-9_-]{0,62}", "fields must not be empty"))
			.verify();
		assertThat(this.publisher.attempts()).isEmpty();
	}

	@Test
	void submit_rejectsAProviderThatConnectsThroughOAuth(@TempDir Path dir) throws IOException {
		Path catalogue = Files.writeString(dir.resolve("providers.yml"),
				"""
						providers:
						  calendar:
						    displayName: Calendar
						    authMode: OAUTH2
						    fields:
						      - name: access_token
						    oauth2: { authorizeUrl: "http://localhost/authorize", tokenUrl: "http://localhost/token" }
						    probe: { baseUrl: "http://localhost", path: /me, credential: { type: header, name: Authorization, value: "Bearer {access_token}" } }
						""");
		CredentialService oauthOnly = new CredentialService(ProviderCatalogue.fromFile(catalogue),
				new HpkeSealer(Fixtures.vaultPublicKeyset()), this.publisher, new InMemoryIdempotencyKeys(),
				TestLimits.generous(), Clock.systemUTC(), TestProperties.withPublishTimeout(Duration.ofSeconds(1)));

		StepVerifier
			.create(oauthOnly.submit(Fixtures.TENANT, "calendar",
					new Submission(null, Map.of("access_token", Fixtures.CANARY))))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(InvalidSubmissionException.class)
				.hasMessageContaining("OAUTH2")
				.hasMessageNotContaining(Fixtures.CANARY))
			.verify();
		assertThat(this.publisher.attempts()).isEmpty();
	}

	@Test
	void submit_failsWhenTheBrokerRefuses() {
		this.publisher.fails();
		StepVerifier
			.create(this.service.submit(Fixtures.TENANT, "demo", new Submission(null, Fixtures.aDemoCredential())))
			.expectError(PublishFailedException.class)
			.verify();
	}

	@Test
	void submit_failsWhenTheBrokerDoesNotAcknowledgeInTime() {
		this.publisher.neverAnswers();
		StepVerifier
			.create(this.service.submit(Fixtures.TENANT, "demo", new Submission(null, Fixtures.aDemoCredential())))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(PublishFailedException.class)
				.hasMessageNotContaining(Fixtures.CANARY))
			.verify(Duration.ofSeconds(5));
	}

}
