package dev.latchkey.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SharedInfrastructureIT {

	private static final HttpClient http = HttpClient.newHttpClient();

	@Test
	void startsOncePerJvmEvenWhenAskedConcurrently() {
		Set<SharedInfrastructure> seen = ConcurrentHashMap.newKeySet();
		CompletableFuture<?>[] callers = new CompletableFuture<?>[4];
		for (int i = 0; i < callers.length; i++) {
			callers[i] = CompletableFuture.runAsync(() -> seen.add(SharedInfrastructure.get()));
		}
		CompletableFuture.allOf(callers).join();

		assertThat(seen).containsExactly(SharedInfrastructure.get());
	}

	@Test
	void servesKafkaRegistryMongoAndTheDemoPlatform() throws Exception {
		SharedInfrastructure infrastructure = SharedInfrastructure.get();

		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers()))) {
			assertThat(admin.describeCluster().nodes().get()).hasSize(1);
		}
		assertThat(get(infrastructure.registryUrl() + "/system/info").statusCode()).isEqualTo(200);
		try (MongoClient client = MongoClients.create(infrastructure.mongoConnectionString())) {
			assertThat(client.getDatabase("admin").runCommand(new Document("ping", 1)).get("ok")).isEqualTo(1.0);
		}
		assertThat(get(infrastructure.demoPlatformUrl() + "/v1/me").statusCode()).isEqualTo(401);
	}

	private static HttpResponse<String> get(String url) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
	}

}
