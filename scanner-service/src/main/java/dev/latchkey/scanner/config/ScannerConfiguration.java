package dev.latchkey.scanner.config;

import java.time.Clock;

import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.scanner.probe.HostResolver;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ScannerConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	ProviderCatalogue providerCatalogue() {
		return ProviderCatalogue.builtIn();
	}

	/** The system's DNS; the egress guard checks what it answers. */
	@Bean
	HostResolver hostResolver() {
		return HostResolver.SYSTEM;
	}

}
