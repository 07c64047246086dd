package dev.latchkey.scanner.scan;

import java.util.Map;
import java.util.function.Supplier;

import dev.latchkey.kafka.ObservedWork;
import dev.latchkey.kafka.RecordTrace;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import reactor.core.publisher.Mono;

/**
 * How a scan joins the trace of what caused it. A scan runs long after the record that
 * made it due (in the claim loop, maybe on another instance), so the record's
 * {@code traceparent} is kept with the schedule entry ({@code cause}) and the scan's
 * observation continues it: the first scan of a new version, its lease and its report
 * belong to the trace of the request that made the version. A scan on schedule starts a
 * trace of its own.
 */
final class ScanTrace {

	private ScanTrace() {
	}

	/**
	 * The scan, observed as {@code latchkey.scan}: in scope while the work is built and
	 * in the Reactor context while it runs, a child of the entry's cause when it has one.
	 */
	static <T> Mono<T> observed(ScheduledIntegration entry, ObservationRegistry observations, Supplier<Mono<T>> scan) {
		return Mono.defer(() -> {
			ReceiverContext<Map<String, String>> context = new ReceiverContext<>((carrier, key) -> carrier.get(key));
			context.setCarrier((entry.cause() != null) ? Map.of(RecordTrace.TRACEPARENT, entry.cause()) : Map.of());
			Observation observation = Observation.createNotStarted("latchkey.scan", () -> context, observations)
				.contextualName("scan " + entry.provider())
				.lowCardinalityKeyValue("provider", entry.provider())
				.lowCardinalityKeyValue("trigger", entry.trigger().name())
				.start();
			return ObservedWork.within(observation, scan);
		});
	}

}
