package dev.latchkey.local;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaLogLevelDefaultsTest {

	@Test
	void appliesToASpringBootApplication() {
		SpringApplication application = new SpringApplication(KafkaLogLevelDefaultsTest.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		try (ConfigurableApplicationContext context = application.run()) {
			assertThat(context.getEnvironment().getProperty("logging.level.kafka")).isEqualTo("WARN");
		}
	}

	@Test
	void quietsKafkaUnlessTheApplicationSaysOtherwise() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("application", Map.of("logging.level.org.apache.kafka", "INFO")));

		new KafkaLogLevelDefaults().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("logging.level.kafka")).isEqualTo("WARN");
		assertThat(environment.getProperty("logging.level.org.apache.kafka")).isEqualTo("INFO");
	}

}
