package dev.latchkey.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps a second launcher off a data directory that is in use: two brokers writing the
 * same log directory corrupt it.
 */
final class HomeLock implements AutoCloseable {

	private final FileChannel channel;

	private final FileLock lock;

	private HomeLock(FileChannel channel, FileLock lock) {
		this.channel = channel;
		this.lock = lock;
	}

	static HomeLock acquire(Path home) {
		try {
			Files.createDirectories(home);
			FileChannel channel = FileChannel.open(home.resolve("latchkey.lock"), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE);
			FileLock lock = channel.tryLock();
			if (lock == null) {
				channel.close();
				throw new IllegalStateException("Another Latchkey is running on " + home
						+ " (or still stopping): stop it first, or set LATCHKEY_HOME to another directory");
			}
			return new HomeLock(channel, lock);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot lock " + home, ex);
		}
	}

	@Override
	public void close() throws IOException {
		this.lock.release();
		this.channel.close();
	}

}
