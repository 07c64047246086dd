package dev.latchkey.collector;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Receives pasted API keys, checks them against the provider catalogue, seals the secret
 * fields to the vault and publishes {@code CredentialReceived}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CollectorApplication {

	public static void main(String[] args) {
		SpringApplication.run(CollectorApplication.class, args);
	}

}
