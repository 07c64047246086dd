package dev.latchkey.scanner.scan;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import reactor.core.publisher.Mono;

class RecordingPublisher implements ScanPublisher {

	final List<Assessment> published = new CopyOnWriteArrayList<>();

	@Override
	public Mono<Void> publish(Assessment assessment) {
		return Mono.fromRunnable(() -> this.published.add(assessment));
	}

}
