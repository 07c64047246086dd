package dev.latchkey.status.integration;

import dev.latchkey.catalogue.ProviderCatalogue;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;

@Configuration(proxyBeanMethods = false)
class IntegrationStatusConfiguration {

	@Bean
	StatusView statusView() {
		return new StatusView();
	}

	@Bean
	StatusStream statusStream(StatusView view, StatusProperties properties) {
		StatusProperties.Stream stream = properties.stream();
		return new StatusStream(view, stream.buffer(), stream.maxSubscribersPerTenant(), stream.history());
	}

	@Bean
	CatchUp catchUp(ConsumerFactory<?, ?> consumers, StatusProperties properties) {
		return new CatchUp(StatusListener.endOffsetsAtStart(consumers, properties.topicWait()));
	}

	@Bean
	ProviderCatalogue providerCatalogue() {
		return ProviderCatalogue.builtIn();
	}

}
