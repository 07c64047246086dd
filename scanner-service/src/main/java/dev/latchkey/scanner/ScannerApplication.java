package dev.latchkey.scanner;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Verifies each new credential version: leases it from the vault, probes its platform and
 * reports the outcome. Headless: its only HTTP surface is actuator.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ScannerApplication {

	public static void main(String[] args) {
		SpringApplication.run(ScannerApplication.class, args);
	}

}
