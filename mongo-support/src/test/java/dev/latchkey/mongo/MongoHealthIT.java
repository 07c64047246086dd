package dev.latchkey.mongo;

import java.nio.file.Path;
import java.time.Duration;

import dev.latchkey.local.EmbeddedMongo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.health.MongoReactiveHealthContributorAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The services' MongoDB health: UP on mongo-java-server (the embedded default), where
 * Boot's own indicator reported DOWN, and DOWN when no server answers.
 */
class MongoHealthIT {

	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MongoReactiveAutoConfiguration.class,
				MongoHealthAutoConfiguration.class, MongoReactiveHealthContributorAutoConfiguration.class));

	@Test
	void upOnTheEmbeddedMongo(@TempDir Path dir) {
		try (EmbeddedMongo mongo = EmbeddedMongo.persistent(dir.resolve("mongo.mv.db"), 0)) {
			this.contexts.withPropertyValues("spring.mongodb.uri=" + mongo.connectionString() + "latchkey")
				.run((context) -> {
					assertThat(context).hasSingleBean(ReactiveHealthIndicator.class);
					Health health = context.getBean("mongoHealthIndicator", ReactiveHealthIndicator.class)
						.health()
						.block(Duration.ofSeconds(10));
					assertThat(health.getStatus()).isEqualTo(Status.UP);
					assertThat(health.getDetails()).containsEntry("database", "latchkey");
				});
		}
	}

	@Test
	void downWhenNoServerAnswers() {
		// Nothing listens on port 1.
		this.contexts
			.withPropertyValues("spring.mongodb.uri=mongodb://localhost:1/latchkey?serverSelectionTimeoutMS=500")
			.run((context) -> assertThat(context.getBean("mongoHealthIndicator", ReactiveHealthIndicator.class)
				.health()
				.block(Duration.ofSeconds(10))
				.getStatus()).isEqualTo(Status.DOWN));
	}

}
