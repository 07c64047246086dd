package dev.latchkey.local;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit: a writer that has finished its change waits for a commit that began after
 * it, and one commit serves every writer that finished before it began. At most one
 * commit runs at a time, performed by whichever waiting writer finds none running (no
 * thread of its own); writers that arrive meanwhile wait and share the next one.
 */
final class GroupCommit {

	private final Runnable commit;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition committed = this.lock.newCondition();

	/** Writes finished so far; a writer's number is its place in this count. */
	private long finished;

	/** Every write up to this number is covered by a completed commit. */
	private long durable;

	private boolean committing;

	private long commits;

	/**
	 * @param commit makes every change finished before it was called durable; throws when
	 * it could not
	 */
	GroupCommit(Runnable commit) {
		this.commit = commit;
	}

	/**
	 * Call after a write has finished; returns once a commit that began after it has
	 * completed.
	 * @throws RuntimeException the commit's failure, when this writer ran it; a waiting
	 * writer then runs the next commit itself
	 */
	void awaitDurable() {
		this.lock.lock();
		try {
			long mine = ++this.finished;
			while (this.durable < mine) {
				if (this.committing) {
					this.committed.awaitUninterruptibly();
					continue;
				}
				commitAsLeader();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Commits performed so far (to see how many writers shared one). */
	long commits() {
		this.lock.lock();
		try {
			return this.commits;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Runs one commit without holding the lock, so that others can queue behind it. */
	private void commitAsLeader() {
		this.committing = true;
		// Everything counted so far finished before the commit below starts.
		long covers = this.finished;
		boolean succeeded = false;
		this.lock.unlock();
		try {
			this.commit.run();
			succeeded = true;
		}
		finally {
			this.lock.lock();
			this.committing = false;
			if (succeeded) {
				this.durable = covers;
				this.commits++;
			}
			this.committed.signalAll();
		}
	}

}
