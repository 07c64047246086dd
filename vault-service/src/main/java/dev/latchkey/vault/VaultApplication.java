package dev.latchkey.vault;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/**
 * The vault: envelope-encrypts and stores submitted credentials, folds scan results into
 * their state and leases them to registered consumers.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class VaultApplication {

	public static void main(String[] args) {
		SpringApplication.run(VaultApplication.class, args);
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
