package dev.latchkey.collector.config;

import java.time.Clock;

import dev.latchkey.catalogue.ProviderCatalogue;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CatalogueConfiguration {

	@Bean
	ProviderCatalogue providerCatalogue() {
		return ProviderCatalogue.builtIn();
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
