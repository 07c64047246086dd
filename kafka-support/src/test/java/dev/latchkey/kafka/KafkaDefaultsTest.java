package dev.latchkey.kafka;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaDefaultsTest {

	private static final String AUTO_REGISTER = "spring.kafka.properties.apicurio.registry.auto-register";

	@Test
	void producersRegisterTheirSchemasByDefault() {
		assertThat(environmentWith(Map.of()).getProperty(AUTO_REGISTER)).isEqualTo("true");
	}

	@Test
	void productionTurnsAutoRegistrationOff() {
		StandardEnvironment environment = environmentWith(Map.of(KafkaDefaults.AUTO_REGISTER_PROPERTY, "false"));

		assertThat(environment.getProperty(AUTO_REGISTER)).isEqualTo("false");
	}

	private static StandardEnvironment environmentWith(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		new KafkaDefaults().postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
