package dev.latchkey.local;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class GroupCommitTest {

	@Test
	void aLoneWriterCommitsOnce() {
		AtomicInteger commits = new AtomicInteger();
		GroupCommit group = new GroupCommit(commits::incrementAndGet);

		group.awaitDurable();
		group.awaitDurable();

		assertThat(commits).hasValue(2);
		assertThat(group.commits()).isEqualTo(2);
	}

	@Test
	void writersThatFinishDuringACommitShareTheNextOne() throws Exception {
		CountDownLatch firstCommitStarted = new CountDownLatch(1);
		CountDownLatch releaseFirstCommit = new CountDownLatch(1);
		AtomicInteger commits = new AtomicInteger();
		GroupCommit group = new GroupCommit(() -> {
			if (commits.incrementAndGet() == 1) {
				firstCommitStarted.countDown();
				await(releaseFirstCommit);
			}
		});
		Thread leader = start(group::awaitDurable);
		await(firstCommitStarted);

		List<Thread> followers = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			followers.add(start(group::awaitDurable));
		}
		awaitWaiting(followers);
		releaseFirstCommit.countDown();
		join(leader);
		followers.forEach(GroupCommitTest::join);

		assertThat(commits).hasValue(2);
	}

	@Test
	void aWriterThatFinishesDuringACommitWaitsForTheNextOne() throws Exception {
		CountDownLatch firstCommitStarted = new CountDownLatch(1);
		CountDownLatch releaseFirstCommit = new CountDownLatch(1);
		AtomicInteger commits = new AtomicInteger();
		GroupCommit group = new GroupCommit(() -> {
			if (commits.incrementAndGet() == 1) {
				firstCommitStarted.countDown();
				await(releaseFirstCommit);
			}
		});
		Thread leader = start(group::awaitDurable);
		await(firstCommitStarted);
		AtomicInteger commitsWhenReleased = new AtomicInteger();
		Thread late = start(() -> {
			group.awaitDurable();
			commitsWhenReleased.set(commits.get());
		});
		awaitWaiting(List.of(late));

		releaseFirstCommit.countDown();
		join(leader);
		join(late);

		assertThat(commitsWhenReleased).hasValue(2);
	}

	@Test
	void aFailedCommitFailsItsWriterAndTheNextWriterCommitsAgain() {
		AtomicBoolean failNext = new AtomicBoolean(true);
		AtomicInteger commits = new AtomicInteger();
		GroupCommit group = new GroupCommit(() -> {
			commits.incrementAndGet();
			if (failNext.getAndSet(false)) {
				throw new IllegalStateException("disk full");
			}
		});

		assertThatIllegalStateException().isThrownBy(group::awaitDurable).withMessage("disk full");
		group.awaitDurable();

		assertThat(commits).hasValue(2);
		assertThat(group.commits()).isEqualTo(1);
	}

	private static Thread start(Runnable writer) {
		Thread thread = new Thread(writer);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	/** Until every thread is parked (waiting for the lock or for a commit). */
	private static void awaitWaiting(List<Thread> threads) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!threads.stream().allMatch((t) -> t.getState() == Thread.State.WAITING)) {
			assertThat(System.nanoTime()).as("threads waiting in time").isLessThan(deadline);
			Thread.sleep(5);
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void join(Thread thread) {
		try {
			thread.join(10_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		assertThat(thread.isAlive()).as(thread.getName() + " finished").isFalse();
	}

}
