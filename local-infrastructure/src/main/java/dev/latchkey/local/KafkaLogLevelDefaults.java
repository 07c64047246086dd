package dev.latchkey.local;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Keeps an in-process Kafka broker quiet in any Spring Boot application that has this
 * module on its classpath (service tests, the embedded launcher): Kafka's loggers default
 * to WARN. The defaults sit last in the environment, so any {@code logging.level.*}
 * setting wins.
 */
class KafkaLogLevelDefaults implements EnvironmentPostProcessor {

	private static final String SOURCE_NAME = "latchkeyKafkaLogLevelDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getPropertySources().contains(SOURCE_NAME)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource(SOURCE_NAME, Map.of("logging.level.kafka", "WARN",
						"logging.level.org.apache.kafka", "WARN", "logging.level.state.change.logger", "WARN")));
		}
	}

}
