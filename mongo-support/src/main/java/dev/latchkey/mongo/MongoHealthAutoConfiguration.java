package dev.latchkey.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.reactivestreams.client.MongoClient;
import org.bson.Document;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.health.MongoReactiveHealthContributorAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * MongoDB health by {@code ping} on the service's own database. Boot's indicator lists
 * the databases and sends {@code hello}, which mongo-java-server (the embedded default)
 * does not answer, so every storing service reported DOWN there. {@code ping} is answered
 * by every MongoDB server, needs no privilege (the services' least-privilege users may
 * not list databases), and still fails when the server is unreachable: a real outage
 * stays DOWN.
 */
@AutoConfiguration(after = MongoReactiveAutoConfiguration.class,
		before = MongoReactiveHealthContributorAutoConfiguration.class)
@ConditionalOnClass({ MongoClient.class, AbstractReactiveHealthIndicator.class })
@ConditionalOnBean(MongoClient.class)
@ConditionalOnEnabledHealthIndicator("mongo")
public class MongoHealthAutoConfiguration {

	/**
	 * Named so that Boot's indicator steps back and this one reports under {@code mongo}.
	 */
	@Bean
	MongoPing mongoHealthIndicator(MongoClient client, MongoConnectionDetails connection) {
		return new MongoPing(client, databaseOf(connection.getConnectionString()));
	}

	private static String databaseOf(ConnectionString connection) {
		String database = connection.getDatabase();
		return (database != null) ? database : "admin";
	}

	/** The health indicator: one {@code ping} per check. */
	static final class MongoPing extends AbstractReactiveHealthIndicator {

		private final MongoClient client;

		private final String database;

		MongoPing(MongoClient client, String database) {
			super("Mongo health check failed");
			this.client = client;
			this.database = database;
		}

		@Override
		protected Mono<Health> doHealthCheck(Health.Builder builder) {
			return Mono.from(this.client.getDatabase(this.database).runCommand(new Document("ping", 1)))
				.map((answer) -> builder.up().withDetail("database", this.database).build());
		}

	}

}
