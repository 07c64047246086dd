package dev.latchkey.scanner.probe;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

/**
 * One instance's permits for one provider's concurrency, handed to waiters first come,
 * first served as they are freed: a waiter is woken by the release that frees its permit,
 * not by a timer asking again (with a hundred scans waiting, polling every few tens of
 * milliseconds was thousands of wake-ups a second, and their thread hand-overs made
 * probes late for their rate slots).
 * <p>
 * A waiter that leaves the line (its wait ran out, or it was cancelled) before a permit
 * reached it gives back any permit handed to it meanwhile: a permit is never lost, and
 * never held twice.
 */
final class LocalPermits {

	private static final int WAITING = 0;

	private static final int HANDED = 1;

	private static final int GONE = 2;

	private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

	private int available;

	LocalPermits(int permits) {
		this.available = permits;
	}

	/**
	 * @param wait how long to wait at most
	 * @return {@code true} once a permit is this caller's; {@link TimeoutException} when
	 * none was free within {@code wait}
	 */
	Mono<Boolean> acquire(Duration wait) {
		return Mono.<Boolean>create((sink) -> {
			Waiter waiter = new Waiter(sink, new AtomicInteger(WAITING));
			// Runs only when the cancellation won over the permit's delivery.
			sink.onCancel(() -> {
				if (waiter.state.compareAndSet(WAITING, GONE)) {
					synchronized (this) {
						this.waiters.remove(waiter);
					}
				}
				else {
					release();
				}
			});
			boolean free = false;
			synchronized (this) {
				if (this.available > 0) {
					free = waiter.state.compareAndSet(WAITING, HANDED);
					this.available -= free ? 1 : 0;
				}
				else if (waiter.state.get() == WAITING) {
					this.waiters.add(waiter);
				}
			}
			if (free) {
				sink.success(true);
				return;
			}
			// Not Mono.timeout: a permit it dropped while timing out would be lost.
			Disposable timer = Schedulers.parallel().schedule(() -> {
				if (waiter.state.compareAndSet(WAITING, GONE)) {
					synchronized (this) {
						this.waiters.remove(waiter);
					}
					sink.error(new TimeoutException());
				}
			}, wait.toNanos(), TimeUnit.NANOSECONDS);
			sink.onDispose(timer);
		});
	}

	/** Frees a permit: the longest waiter still waiting gets it, or it stays free. */
	void release() {
		Waiter next;
		synchronized (this) {
			do {
				next = this.waiters.poll();
			}
			while (next != null && !next.state.compareAndSet(WAITING, HANDED));
			if (next == null) {
				this.available++;
				return;
			}
		}
		next.sink.success(true);
	}

	/** Permits free now. */
	synchronized int available() {
		return this.available;
	}

	/** Callers waiting now. */
	synchronized int waiting() {
		return this.waiters.size();
	}

	private record Waiter(MonoSink<Boolean> sink, AtomicInteger state) {
	}

}
