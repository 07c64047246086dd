package dev.latchkey.collector.limit;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.MongoClients;
import dev.latchkey.collector.TestMongo;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The cap on a tenant's integrations against mongo-java-server. */
class MongoTenantIntegrationsTest {

	private final MongoClient client = MongoClients.create(TestMongo.uri(""));

	private final ReactiveMongoTemplate mongo = new ReactiveMongoTemplate(this.client,
			"limits_" + UUID.randomUUID().toString().substring(0, 8));

	private final MongoTenantIntegrations integrations = new MongoTenantIntegrations(this.mongo);

	@AfterEach
	void close() {
		this.mongo.getMongoDatabase().flatMap((db) -> Mono.from(db.drop())).block();
		this.client.close();
	}

	@Test
	void record_admitsUpToTheLimitAndKnownIntegrationsBeyondIt() {
		for (int i = 0; i < 3; i++) {
			StepVerifier.create(this.integrations.record("acme", "int_" + i, 3)).expectNext(true).verifyComplete();
		}

		StepVerifier.create(this.integrations.record("acme", "int_3", 3)).expectNext(false).verifyComplete();
		StepVerifier.create(this.integrations.record("acme", "int_1", 3)).expectNext(true).verifyComplete();
		StepVerifier.create(this.integrations.admits("acme", "int_3", 3)).expectNext(false).verifyComplete();
		StepVerifier.create(this.integrations.admits("acme", "int_2", 3)).expectNext(true).verifyComplete();
		StepVerifier.create(this.integrations.admits("globex", "int_g", 3)).expectNext(true).verifyComplete();
		Document tenant = this.mongo.findById("acme", Document.class, MongoTenantIntegrations.COLLECTION).block();
		assertThat(tenant.getList("integrations", String.class)).containsExactly("int_0", "int_1", "int_2");
	}

	@Test
	void forget_freesAPlace() {
		for (int i = 0; i < 2; i++) {
			this.integrations.record("acme", "int_" + i, 2).block();
		}

		this.integrations.forget("acme", "int_0").block();

		StepVerifier.create(this.integrations.record("acme", "int_new", 2)).expectNext(true).verifyComplete();
		StepVerifier.create(this.integrations.record("acme", "int_0", 2)).expectNext(false).verifyComplete();
	}

	@Test
	void concurrentRecordsOfNewIntegrations_neverExceedTheLimit() {
		List<Boolean> answers = Flux.fromStream(IntStream.range(0, 40).boxed())
			.parallel(8)
			.runOn(Schedulers.parallel())
			.flatMap((i) -> this.integrations.record("racing", "int_" + i, 10))
			.sequential()
			.collectList()
			.block();

		assertThat(answers.stream().filter(Boolean::booleanValue)).hasSize(10);
		Document tenant = this.mongo.findById("racing", Document.class, MongoTenantIntegrations.COLLECTION).block();
		assertThat(tenant.getList("integrations", String.class)).hasSize(10);
	}

}
