package dev.latchkey.status;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Answers what the frontends should show about each tenant's integrations, from an
 * in-memory view of the compacted status topic that is rebuilt on every start.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class StatusApplication {

	public static void main(String[] args) {
		SpringApplication.run(StatusApplication.class, args);
	}

}
