package dev.latchkey.vault.consumer;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/** Handlers of the internal API take the authenticated consumer as a parameter. */
@Configuration(proxyBeanMethods = false)
class InternalApiConfiguration implements WebFluxConfigurer {

	@Override
	public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
		configurer.addCustomResolver(new ConsumerArgumentResolver());
	}

}
