package dev.latchkey.collector.limit;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;

@Configuration(proxyBeanMethods = false)
class LimitConfiguration {

	@Bean
	SubmissionLimits submissionLimits(LimitProperties properties, ReactiveMongoTemplate mongo, Clock clock) {
		return new SubmissionLimits(properties, new MongoTenantIntegrations(mongo), clock);
	}

}
