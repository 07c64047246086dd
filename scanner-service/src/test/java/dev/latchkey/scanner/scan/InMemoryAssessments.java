package dev.latchkey.scanner.scan;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

class InMemoryAssessments implements Assessments {

	private final Map<String, Assessment> byId = new ConcurrentHashMap<>();

	@Override
	public Mono<Assessment> record(Assessment assessment) {
		return Mono.fromSupplier(() -> this.byId.computeIfAbsent(assessment.id(), (id) -> assessment));
	}

	Collection<Assessment> all() {
		return this.byId.values();
	}

}
