package dev.latchkey.admin.importer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What earlier runs published, one JSON line per row the broker acknowledged, appended
 * and forced to disk in batches. A run that is killed loses at most the lines of its last
 * batch: those rows are published again on resume, with the same event ids, and the vault
 * applies each event id once. A torn last line is ignored. Holds ids and names, never a
 * secret.
 */
final class Checkpoint implements AutoCloseable {

	private static final ObjectMapper json = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

	/**
	 * One published row, or one scrubbed row ({@code scrubbed} true).
	 *
	 * @param before the integration's version before this run published (0 when new): a
	 * status of a later version with source IMPORT is this row's outcome
	 */
	@JsonInclude(JsonInclude.Include.NON_DEFAULT)
	record Entry(String row, String event, String integration, String tenant, String provider, long before,
			boolean scrubbed) {

	}

	private final Path file;

	private final Map<String, Entry> published = new LinkedHashMap<>();

	private final Set<String> scrubbed = new HashSet<>();

	private final ConcurrentLinkedQueue<Entry> pending = new ConcurrentLinkedQueue<>();

	private FileChannel channel;

	private Writer writer;

	private Checkpoint(Path file) {
		this.file = file;
	}

	/**
	 * Reads the checkpoint (none yet is fine); it is written only if something is
	 * recorded.
	 */
	static Checkpoint open(Path file) {
		Checkpoint checkpoint = new Checkpoint(file);
		if (Files.exists(file)) {
			try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
				for (String line = reader.readLine(); line != null; line = reader.readLine()) {
					checkpoint.load(line);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Checkpoint " + file + " cannot be read", ex);
			}
		}
		return checkpoint;
	}

	private void load(String line) {
		if (line.isBlank()) {
			return;
		}
		try {
			Entry entry = json.readValue(line, Entry.class);
			if (entry.scrubbed()) {
				this.scrubbed.add(entry.row());
			}
			else if (entry.row() != null && entry.event() != null) {
				this.published.put(entry.row(), entry);
			}
		}
		catch (JsonProcessingException ex) {
			// A line torn by a crash mid-write: its row is published again.
		}
	}

	Path file() {
		return this.file;
	}

	Optional<Entry> find(String row) {
		return Optional.ofNullable(this.published.get(row));
	}

	Collection<Entry> published() {
		return List.copyOf(this.published.values());
	}

	boolean isScrubbed(String row) {
		return this.scrubbed.contains(row);
	}

	/**
	 * Called when the broker acknowledged a row (any thread); written by {@link #sync()}.
	 */
	void recordPublished(Entry entry) {
		this.pending.add(entry);
	}

	void recordScrubbed(String row) {
		this.pending.add(new Entry(row, null, null, null, null, 0, true));
	}

	/** Appends what was recorded since the last call and forces it to disk. */
	void sync() {
		if (this.pending.isEmpty()) {
			return;
		}
		List<Entry> batch = new ArrayList<>();
		for (Entry entry = this.pending.poll(); entry != null; entry = this.pending.poll()) {
			batch.add(entry);
		}
		try {
			if (this.writer == null) {
				this.channel = FileChannel.open(this.file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
						StandardOpenOption.APPEND);
				this.writer = Channels.newWriter(this.channel, StandardCharsets.UTF_8);
			}
			for (Entry entry : batch) {
				this.writer.write(json.writeValueAsString(entry));
				this.writer.write('\n');
				if (entry.scrubbed()) {
					this.scrubbed.add(entry.row());
				}
				else {
					this.published.put(entry.row(), entry);
				}
			}
			this.writer.flush();
			this.channel.force(false);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Checkpoint " + this.file + " cannot be written", ex);
		}
	}

	/**
	 * A random key of this checkpoint's own, created on first use (owner-only file next
	 * to it): event ids of sources without a legacy key.
	 */
	byte[] ownKey(boolean create) {
		Path keyFile = this.file.resolveSibling(this.file.getFileName() + ".key");
		try {
			if (!Files.exists(keyFile) && !create) {
				// A dry run leaves nothing behind; with no key there is no checkpoint to
				// match.
				byte[] key = new byte[32];
				new SecureRandom().nextBytes(key);
				return key;
			}
			if (!Files.exists(keyFile)) {
				byte[] key = new byte[32];
				new SecureRandom().nextBytes(key);
				Path parent = keyFile.toAbsolutePath().getParent();
				Files.createDirectories(parent);
				Path created = Files.createTempFile(parent, ".latchkey-import", ".key");
				try {
					Files.setPosixFilePermissions(created, PosixFilePermissions.fromString("rw-------"));
				}
				catch (UnsupportedOperationException ex) {
					// Not a POSIX file system: the directory's permissions apply.
				}
				Files.write(created, java.util.HexFormat.of().formatHex(key).getBytes(StandardCharsets.US_ASCII));
				Files.move(created, keyFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
			}
			return java.util.HexFormat.of().parseHex(Files.readString(keyFile).strip());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The checkpoint's key file " + keyFile + " cannot be used", ex);
		}
	}

	@Override
	public void close() {
		sync();
		if (this.writer != null) {
			try {
				this.writer.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

}
