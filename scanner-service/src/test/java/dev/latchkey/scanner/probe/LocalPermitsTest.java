package dev.latchkey.scanner.probe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class LocalPermitsTest {

	@Test
	void aWaiterIsWokenByTheReleaseThatFreesItsPermit_firstComeFirstServed() {
		LocalPermits permits = new LocalPermits(1);
		List<String> order = new ArrayList<>();
		StepVerifier.create(permits.acquire(Duration.ofSeconds(5))).expectNext(true).verifyComplete();
		Disposable first = permits.acquire(Duration.ofSeconds(5)).subscribe((taken) -> order.add("first"));
		Disposable second = permits.acquire(Duration.ofSeconds(5)).subscribe((taken) -> order.add("second"));
		assertThat(order).isEmpty();
		assertThat(permits.waiting()).isEqualTo(2);

		permits.release();
		assertThat(order).containsExactly("first");
		permits.release();
		assertThat(order).containsExactly("first", "second");
		permits.release();
		assertThat(permits.available()).isEqualTo(1);
		first.dispose();
		second.dispose();
	}

	@Test
	void aWaitThatRunsOut_endsInATimeout_andLeavesTheLine() {
		LocalPermits permits = new LocalPermits(1);
		permits.acquire(Duration.ofSeconds(5)).block();
		StepVerifier.create(permits.acquire(Duration.ofMillis(50))).expectError(TimeoutException.class).verify();
		assertThat(permits.waiting()).isZero();
		permits.release();
		assertThat(permits.available()).isEqualTo(1);
	}

	@Test
	void aCancelledWaiter_neverKeepsAPermit() {
		LocalPermits permits = new LocalPermits(1);
		permits.acquire(Duration.ofSeconds(5)).block();
		Disposable gone = permits.acquire(Duration.ofSeconds(5)).subscribe();
		gone.dispose();
		permits.release();
		assertThat(permits.available()).isEqualTo(1);
		assertThat(permits.waiting()).isZero();
	}

	@Test
	void underRacingReleasesTimeoutsAndCancellations_noPermitIsLostOrHeldTwice() throws Exception {
		int limit = 3;
		LocalPermits permits = new LocalPermits(limit);
		AtomicInteger holding = new AtomicInteger();
		AtomicInteger most = new AtomicInteger();
		ExecutorService threads = Executors.newFixedThreadPool(8);
		CountDownLatch done = new CountDownLatch(8 * 500);
		for (int t = 0; t < 8; t++) {
			int seed = t;
			threads.execute(() -> {
				for (int i = 0; i < 500; i++) {
					Mono<Boolean> acquired = permits.acquire(Duration.ofMillis((i + seed) % 3));
					if ((i + seed) % 5 == 0) {
						// Subscribed, then given up at once: races the hand-over. A
						// permit
						// that got through is this caller's to give back.
						acquired.subscribe((taken) -> permits.release(), (ex) -> {
						}).dispose();
						done.countDown();
						continue;
					}
					acquired.doOnNext((taken) -> {
						most.accumulateAndGet(holding.incrementAndGet(), Math::max);
						holding.decrementAndGet();
						permits.release();
					})
						.onErrorResume(TimeoutException.class, (ex) -> Mono.empty())
						.doFinally((signal) -> done.countDown())
						.subscribe();
				}
			});
		}
		assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
		threads.shutdown();
		// Give in-flight hand-overs a moment to settle, then every permit is free again.
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while ((permits.available() != limit || permits.waiting() != 0) && System.nanoTime() < until) {
			Thread.sleep(10);
		}
		assertThat(most.get()).isLessThanOrEqualTo(limit);
		assertThat(permits.available()).isEqualTo(limit);
		assertThat(permits.waiting()).isZero();
	}

}
