package dev.latchkey.collector.config;

import dev.latchkey.collector.web.BodySizeLimit;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WebConfiguration {

	@Bean
	BodySizeLimit bodySizeLimit(CollectorProperties properties) {
		return new BodySizeLimit(properties.maxBodySize().toBytes());
	}

}
