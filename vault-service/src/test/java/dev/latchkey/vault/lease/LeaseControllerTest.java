package dev.latchkey.vault.lease;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.HpkeOpener;
import dev.latchkey.crypto.HpkeSealer;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.vault.FakeKeyHierarchy;
import dev.latchkey.vault.Fixtures;
import dev.latchkey.vault.credential.Credential;
import dev.latchkey.vault.credential.CredentialState;
import dev.latchkey.vault.credential.CurrentCredentials;
import dev.latchkey.vault.crypto.Envelope;
import dev.latchkey.vault.crypto.KeyHierarchy;
import dev.latchkey.vault.crypto.StoredVersion;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webflux.test.autoconfigure.WebFluxTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@WebFluxTest(LeaseController.class)
@Import({ LeaseService.class, LeaseControllerTest.Collaborators.class })
class LeaseControllerTest {

	static final KeysetHandle SCANNER = Fixtures.anHpkeKeyset();

	static final FakeKeyHierarchy KEYS = new FakeKeyHierarchy();

	static final SecretFields SECRET = Fixtures.aDemoKey();

	static final Credential STORED = aStoredCredential("int_stored");

	static final Credential UNAUDITABLE = aStoredCredential("int_unauditable");

	@Autowired
	private WebTestClient web;

	@Test
	void lease_answersWithTheSecretSealedToTheConsumer() {
		LeaseBody body = post(Map.of("consumer", "scanner", "tenantId", "t1", "integrationId", "int_stored"))
			.expectStatus()
			.isOk()
			.expectBody(LeaseBody.class)
			.returnResult()
			.getResponseBody();

		assertThat(body.tenantId()).isEqualTo("t1");
		assertThat(body.integrationId()).isEqualTo("int_stored");
		assertThat(body.provider()).isEqualTo("demo");
		assertThat(body.name()).isEqualTo("default");
		assertThat(body.version()).isEqualTo(2);
		assertThat(body.publicFields()).isEqualTo(Fixtures.demoPublicFields());
		SecretFields opened = new HpkeOpener(SCANNER).open(Base64.getDecoder().decode(body.sealedSecret()),
				AssociatedData.forLease("scanner", "t1", "int_stored", 2, body.leaseId()));
		assertThat(opened).isEqualTo(SECRET);
	}

	@Test
	void lease_refusesAnUnknownConsumerWith403() {
		assertProblem(Map.of("consumer", "intruder", "tenantId", "t1", "integrationId", "int_stored"), 403);
	}

	@Test
	void lease_answers404ForAnotherTenantsIntegration() {
		assertProblem(Map.of("consumer", "scanner", "tenantId", "t2", "integrationId", "int_stored"), 404);
	}

	@Test
	void lease_answers404ForAnUnknownIntegration() {
		assertProblem(Map.of("consumer", "scanner", "tenantId", "t1", "integrationId", "int_unknown"), 404);
	}

	@Test
	void lease_answers503WhenTheAuditCannotBeWritten() {
		assertProblem(Map.of("consumer", "scanner", "tenantId", "t1", "integrationId", "int_unauditable"), 503);
	}

	@Test
	void lease_answers400ForAnIncompleteRequest() {
		assertProblem(Map.of("consumer", "scanner", "tenantId", "t1"), 400);
	}

	private void assertProblem(Map<String, String> request, int status) {
		String body = post(request).expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(body).doesNotContain(SECRET.value("apiKey"));
	}

	private WebTestClient.ResponseSpec post(Map<String, String> request) {
		return this.web.post()
			.uri("/internal/leases")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(request)
			.exchange();
	}

	private static Credential aStoredCredential(String integrationId) {
		Envelope envelope = KEYS.encrypt(new StoredVersion("t1", integrationId, 2), SECRET).block();
		return new Credential(integrationId, "t1", "demo", "default", 2, Fixtures.demoPublicFields(), envelope,
				CredentialState.PENDING_VERIFICATION, "RECEIVED", Fixtures.NOW, Fixtures.NOW, null,
				List.of(Fixtures.anEventId()));
	}

	record LeaseBody(String leaseId, String tenantId, String integrationId, String provider, String name, long version,
			Map<String, String> publicFields, String sealedSecret) {

	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Collaborators {

		@Bean
		RegisteredConsumers registeredConsumers() {
			return new RegisteredConsumers(Map.of("scanner", new HpkeSealer(Keysets.publicOf(SCANNER))));
		}

		@Bean
		CurrentCredentials currentCredentials() {
			return (id) -> Mono
				.justOrEmpty(Map.of(STORED.integrationId(), STORED, UNAUDITABLE.integrationId(), UNAUDITABLE).get(id));
		}

		@Bean
		KeyHierarchy keyHierarchy() {
			return KEYS;
		}

		@Bean
		LeaseAuditLog leaseAuditLog() {
			return (audit) -> audit.integrationId().equals(UNAUDITABLE.integrationId())
					? Mono.error(new IllegalStateException("audit store down")) : Mono.empty();
		}

	}

}
