package dev.latchkey.collector.scan;

import reactor.core.publisher.Mono;

/** Where scan requests go: completes once the broker has acknowledged the event. */
public interface ScanRequestPublisher {

	Mono<Void> publish(ScanRequest request);

}
