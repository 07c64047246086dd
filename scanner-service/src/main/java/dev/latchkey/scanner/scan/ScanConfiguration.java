package dev.latchkey.scanner.scan;

import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.scanner.ScannerProperties;
import reactor.core.publisher.Mono;

import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The schedule's planner and the collections' indexes. */
@Configuration(proxyBeanMethods = false)
class ScanConfiguration {

	@Bean
	Planner planner(ProviderCatalogue catalogue, ScannerProperties properties) {
		return new Planner(catalogue, properties.schedule().jitter());
	}

	@Bean
	ApplicationRunner scanIndexes(MongoSchedule schedule, MongoAssessments assessments) {
		return (arguments) -> Mono.when(schedule.createIndexes(), assessments.createIndexes()).block();
	}

}
