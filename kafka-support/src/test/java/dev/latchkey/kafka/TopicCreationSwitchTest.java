package dev.latchkey.kafka;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class TopicCreationSwitchTest {

	@Test
	void aServiceThatMayNotCreateTopicsLeavesThemToTheAdminJob() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, KafkaSupportAutoConfiguration.class))
			.withPropertyValues("spring.kafka.properties.apicurio.registry.url=http://127.0.0.1:1/apis/registry/v2",
					"latchkey.kafka.create-topics=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean("latchkeyTopics");
				assertThat(context).hasBean("kafkaErrorHandler");
			});
	}

}
