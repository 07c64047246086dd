package dev.latchkey.vault.credential;

import java.time.Instant;
import java.util.List;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.latchkey.local.SharedInfrastructure;
import dev.latchkey.vault.Fixtures;
import dev.latchkey.vault.crypto.Envelope;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class MongoCredentialRepositoryIT {

	private static MongoClient client;

	private static MongoCredentialRepository repository;

	private final String integrationId = Fixtures.anIntegrationId();

	@BeforeAll
	static void connect() {
		client = MongoClients.create(SharedInfrastructure.get().mongoConnectionString());
		repository = new MongoCredentialRepository(new ReactiveMongoTemplate(client, "credential-repository-it"));
	}

	@AfterAll
	static void disconnect() {
		client.close();
	}

	@Test
	void credential_readsBackAsWritten() {
		Credential credential = Credential.first(aVersion(Fixtures.anEventId(), 1), Fixtures.NOW);

		assertThat(repository.insert(credential).block()).isTrue();

		assertThat(repository.find(this.integrationId).block()).isEqualTo(credential);
	}

	@Test
	void insert_refusesASecondCredentialForTheIntegration() {
		Credential credential = Credential.first(aVersion(Fixtures.anEventId(), 1), Fixtures.NOW);
		repository.insert(credential).block();

		assertThat(repository.insert(credential).block()).isFalse();
	}

	@Test
	void recordVersion_refusesAReplayedEvent() {
		CredentialVersion version = aVersion(Fixtures.anEventId(), 1);

		assertThat(repository.recordVersion(version).block()).isTrue();
		assertThat(repository.recordVersion(aVersion(version.eventId(), 2)).block()).isFalse();
		assertThat(repository.findVersion(version.eventId()).block()).isEqualTo(version);
	}

	@Test
	void replace_failsWhenTheCredentialChangedSinceItWasRead() {
		Credential first = Credential.first(aVersion(Fixtures.anEventId(), 1), Fixtures.NOW);
		repository.insert(first).block();
		Credential second = first.withVersion(aVersion(Fixtures.anEventId(), 2), Fixtures.NOW);
		Credential competing = first.withVersion(aVersion(Fixtures.anEventId(), 2), Fixtures.NOW);

		assertThat(repository.replace(first, second).block()).isTrue();
		assertThat(repository.replace(first, competing).block()).isFalse();
		assertThat(repository.find(this.integrationId).block()).isEqualTo(second);
	}

	@Test
	void replace_alsoDetectsAChangeWithinTheSameVersion() {
		Credential pending = Credential.first(aVersion(Fixtures.anEventId(), 1), Fixtures.NOW);
		repository.insert(pending).block();
		Credential active = pending.withScan(new ScanResult(Fixtures.anEventId(), "t1", this.integrationId, 1,
				ScanOutcome.VALID, null, Fixtures.NOW), Fixtures.NOW);
		Credential invalid = pending.withScan(new ScanResult(Fixtures.anEventId(), "t1", this.integrationId, 1,
				ScanOutcome.INVALID, "REJECTED_BY_PLATFORM", Fixtures.NOW), Fixtures.NOW);

		assertThat(repository.replace(pending, active).block()).isTrue();
		assertThat(repository.replace(pending, invalid).block()).isFalse();
		assertThat(repository.find(this.integrationId).block().state()).isEqualTo(CredentialState.ACTIVE);
	}

	@Test
	void findPending_returnsThoseUpdatedBeforeTheBound_oldestFirst_fromAPosition() {
		Instant longAgo = Instant.parse("2001-01-01T00:00:00Z");
		Credential oldest = insertPending(anIntegrationIdStartingWith("b"), longAgo);
		Credential tiedLater = insertPending(anIntegrationIdStartingWith("z"), longAgo.plusSeconds(60));
		Credential tiedEarlier = insertPending(anIntegrationIdStartingWith("a"), longAgo.plusSeconds(60));
		Credential active = Credential.first(aVersion(Fixtures.anEventId(), 1, anIntegrationIdStartingWith("c")),
				longAgo);
		repository
			.insert(active.withScan(new ScanResult(Fixtures.anEventId(), "t1", active.integrationId(), 1,
					ScanOutcome.VALID, null, longAgo), longAgo))
			.block();
		insertPending(anIntegrationIdStartingWith("d"), Fixtures.NOW);
		Instant bound = Instant.parse("2002-01-01T00:00:00Z");

		List<Credential> firstTwo = repository.findPending(bound, SweepPosition.FIRST, 2).collectList().block();
		List<Credential> rest = repository.findPending(bound, SweepPosition.after(firstTwo.get(1)), 2)
			.collectList()
			.block();

		assertThat(firstTwo).containsExactly(oldest, tiedEarlier);
		assertThat(rest).containsExactly(tiedLater);
	}

	private static Credential insertPending(String integrationId, Instant updatedAt) {
		Credential credential = Credential.first(aVersion(Fixtures.anEventId(), 1, integrationId), updatedAt);
		repository.insert(credential).block();
		return credential;
	}

	/** Fresh for every run, ordered by its first character. */
	private static String anIntegrationIdStartingWith(String prefix) {
		return prefix + Fixtures.anIntegrationId();
	}

	private CredentialVersion aVersion(String eventId, long number) {
		return aVersion(eventId, number, this.integrationId);
	}

	private static CredentialVersion aVersion(String eventId, long number, String integrationId) {
		Envelope envelope = new Envelope(new byte[] { 1, 2, 3 }, new byte[] { 4, 5 }, 7, 8);
		return new CredentialVersion(eventId, "t1", integrationId, "demo", "default", number,
				Fixtures.demoPublicFields(), envelope, "API_KEY", Fixtures.NOW, Fixtures.NOW);
	}

}
