package dev.latchkey.vault.crypto;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.latchkey.local.SharedInfrastructure;
import dev.latchkey.vault.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class MongoTenantKeyStoreIT {

	private static MongoClient client;

	private static MongoTenantKeyStore store;

	@BeforeAll
	static void connect() {
		client = MongoClients.create(SharedInfrastructure.get().mongoConnectionString());
		store = new MongoTenantKeyStore(new ReactiveMongoTemplate(client, "tenant-key-store-it"));
	}

	@AfterAll
	static void disconnect() {
		client.close();
	}

	@Test
	void createOrGet_returnsTheKeyThatWasStoredFirst() {
		TenantKeyRecord first = new TenantKeyRecord("t-race", new byte[] { 1, 2, 3 }, 11, 21, Fixtures.NOW);
		TenantKeyRecord second = new TenantKeyRecord("t-race", new byte[] { 4, 5, 6 }, 11, 22, Fixtures.NOW);

		TenantKeyRecord won = store.createOrGet(first).block();
		TenantKeyRecord lost = store.createOrGet(second).block();

		assertThat(won.tenantKeyId()).isEqualTo(21);
		assertThat(lost.tenantKeyId()).isEqualTo(21);
		assertThat(lost.encryptedKeyset()).containsExactly(1, 2, 3);
		assertThat(store.find("t-race").block().createdAt()).isEqualTo(Fixtures.NOW);
	}

	@Test
	void find_isEmptyForATenantWithoutKey() {
		assertThat(store.find("t-none").block()).isNull();
	}

}
