package dev.latchkey.vault.config;

import org.bson.Document;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

/**
 * MongoDB health by {@code ping}, which every server and mongo-java-server (the embedded
 * default) answer; Boot's own indicator sends {@code hello}, which mongo-java-server does
 * not know, and would report the vault down.
 */
@Configuration(proxyBeanMethods = false)
class MongoHealthConfiguration {

	/** Named so that it replaces Boot's indicator under the same {@code mongo} key. */
	@Bean
	AbstractReactiveHealthIndicator mongoHealthIndicator(ReactiveMongoTemplate mongo) {
		return new AbstractReactiveHealthIndicator("Mongo health check failed") {

			@Override
			protected Mono<Health> doHealthCheck(Health.Builder builder) {
				return mongo.getMongoDatabase()
					.flatMap((database) -> Mono.from(database.runCommand(new Document("ping", 1)))
						.thenReturn(builder.up().withDetail("database", database.getName()).build()));
			}

		};
	}

}
