package dev.latchkey.kafka;

import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import reactor.core.publisher.Mono;

/**
 * Reactive work inside an observation, the one way every Latchkey consumer does it: in
 * scope while the work is built (what it sends then is a child) and in the Reactor
 * context while it runs (log lines and sends on any thread carry the trace); stopped when
 * the work ends, with its error if it fails.
 */
public final class ObservedWork {

	private ObservedWork() {
	}

	/**
	 * @param observation a started observation, stopped here
	 * @param work builds the work; called once, in the observation's scope
	 */
	public static <T> Mono<T> within(Observation observation, Supplier<Mono<T>> work) {
		Mono<T> running;
		try (Observation.Scope scope = observation.openScope()) {
			running = work.get();
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			observation.stop();
			return Mono.error(ex);
		}
		// Stopped before the end reaches downstream (doFinally would run after it):
		// whoever waits for the work sees its observation already stopped.
		return running.doOnError(observation::error)
			.doOnTerminate(observation::stop)
			.doOnCancel(observation::stop)
			.contextWrite((context) -> context.put(ObservationThreadLocalAccessor.KEY, observation));
	}

}
