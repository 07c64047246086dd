package dev.latchkey.mongo;

import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class DurableWritesAutoConfigurationTest {

	// Nothing listens on port 1; the clients below are built, never used.
	private final ApplicationContextRunner contexts = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DurableWritesAutoConfiguration.class, MongoAutoConfiguration.class))
		.withPropertyValues("spring.mongodb.uri=mongodb://localhost:1/latchkey");

	@Test
	void clientsWriteWithMajorityAndJournal() {
		this.contexts.run((context) -> assertThat(writeConcern(context.getBean(MongoClient.class)))
			.isEqualTo(WriteConcern.MAJORITY.withJournal(true)));
	}

	@Test
	void aWriteConcernInTheConnectionStringWins() {
		this.contexts.withPropertyValues("spring.mongodb.uri=mongodb://localhost:1/latchkey?w=1")
			.run((context) -> assertThat(writeConcern(context.getBean(MongoClient.class))).isEqualTo(WriteConcern.W1));
	}

	@Test
	void isRegisteredAsAnAutoConfiguration() {
		assertThat(ImportCandidates.load(AutoConfiguration.class, getClass().getClassLoader()))
			.contains(DurableWritesAutoConfiguration.class.getName());
	}

	private static WriteConcern writeConcern(MongoClient client) {
		return client.getDatabase("latchkey").getWriteConcern();
	}

}
