package dev.latchkey.local;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A log file that is rotated by size: when {@code name.log} would grow past the limit it
 * becomes {@code name.log.1} (the older ones move up, the oldest beyond the kept count is
 * deleted) and a new {@code name.log} begins. Rotation happens at a line break, so a file
 * exceeds the limit only by the end of a line under way (a line without end is split once
 * the limit is reached). Appends to an existing file, so a restart continues the same
 * history.
 * <p>
 * Defaults: 10 MB, 5 rotated files kept; set {@code -Dlatchkey.log.max-size} or
 * {@code LATCHKEY_LOG_MAX_SIZE} (e.g. {@code 10MB}, {@code 512KB}) and
 * {@code -Dlatchkey.log.keep} or {@code LATCHKEY_LOG_KEEP}.
 */
final class RotatingLog implements Closeable {

	static final long DEFAULT_MAX_BYTES = 10L * 1024 * 1024;

	static final int DEFAULT_KEEP = 5;

	private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMG]?)B?");

	private final Path file;

	private final long maxBytes;

	private final int keep;

	private OutputStream out;

	private long size;

	/** Whether the last byte written ended a line: a rotation then splits none. */
	private boolean atLineStart = true;

	RotatingLog(Path file, long maxBytes, int keep) {
		if (maxBytes <= 0 || keep < 0) {
			throw new IllegalArgumentException("Log size must be positive and kept files not negative");
		}
		this.file = file.toAbsolutePath();
		this.maxBytes = maxBytes;
		this.keep = keep;
	}

	/** A log with the size and count configured for this JVM. */
	static RotatingLog configured(Path file) {
		String size = setting("latchkey.log.max-size", "LATCHKEY_LOG_MAX_SIZE");
		String keep = setting("latchkey.log.keep", "LATCHKEY_LOG_KEEP");
		return new RotatingLog(file, (size != null) ? parseSize(size) : DEFAULT_MAX_BYTES,
				(keep != null) ? Integer.parseInt(keep.trim()) : DEFAULT_KEEP);
	}

	Path file() {
		return this.file;
	}

	long maxBytes() {
		return this.maxBytes;
	}

	int keep() {
		return this.keep;
	}

	synchronized void write(byte[] bytes, int offset, int length) throws IOException {
		open();
		if (length > 0 && this.size + length > this.maxBytes && this.size > 0) {
			if (this.atLineStart) {
				rotate();
			}
			else {
				int lineEnd = firstLineBreak(bytes, offset, length);
				if (lineEnd >= 0) {
					// Finish the line under way, then start the next file.
					int head = lineEnd + 1 - offset;
					append(bytes, offset, head);
					rotate();
					offset += head;
					length -= head;
				}
				else if (this.size >= this.maxBytes) {
					// A line longer than the file may be: split rather than grow.
					rotate();
				}
			}
		}
		append(bytes, offset, length);
	}

	synchronized void writeLine(String line) throws IOException {
		byte[] bytes = (line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
		write(bytes, 0, bytes.length);
	}

	/**
	 * The last lines written, from the current file and, if it is short, the one before.
	 */
	String tail(int lines) {
		List<String> found = new ArrayList<>(lastLines(this.file, lines));
		if (found.size() < lines && this.keep > 0) {
			found.addAll(0, lastLines(rotated(1), lines - found.size()));
		}
		return String.join("\n", found);
	}

	@Override
	public synchronized void close() throws IOException {
		if (this.out != null) {
			this.out.close();
			this.out = null;
		}
	}

	private void open() throws IOException {
		if (this.out == null) {
			Files.createDirectories(this.file.getParent());
			this.out = Files.newOutputStream(this.file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			this.size = Files.size(this.file);
		}
	}

	private void append(byte[] bytes, int offset, int length) throws IOException {
		if (length > 0) {
			this.out.write(bytes, offset, length);
			this.size += length;
			this.atLineStart = bytes[offset + length - 1] == '\n';
		}
	}

	private void rotate() throws IOException {
		this.out.close();
		this.out = null;
		if (this.keep == 0) {
			Files.delete(this.file);
		}
		else {
			Files.deleteIfExists(rotated(this.keep));
			for (int i = this.keep - 1; i >= 1; i--) {
				if (Files.exists(rotated(i))) {
					Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
				}
			}
			Files.move(this.file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
		}
		open();
	}

	private Path rotated(int generation) {
		return this.file.resolveSibling(this.file.getFileName() + "." + generation);
	}

	private static int firstLineBreak(byte[] bytes, int offset, int length) {
		for (int i = offset; i < offset + length; i++) {
			if (bytes[i] == '\n') {
				return i;
			}
		}
		return -1;
	}

	/** Reads at most the last 64 KiB: enough for a tail, cheap on a 10 MB file. */
	private static List<String> lastLines(Path file, int count) {
		if (count <= 0 || !Files.isRegularFile(file)) {
			return List.of();
		}
		try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
			long start = Math.max(0, in.length() - 64 * 1024);
			byte[] bytes = new byte[(int) (in.length() - start)];
			in.seek(start);
			in.readFully(bytes);
			List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
			return lines.subList(Math.max(0, lines.size() - count), lines.size());
		}
		catch (IOException ex) {
			return List.of("(cannot read " + file + ": " + ex.getMessage() + ")");
		}
	}

	private static String setting(String property, String variable) {
		String value = System.getProperty(property, System.getenv(variable));
		return (value == null || value.isBlank()) ? null : value;
	}

	/** {@code 10MB}, {@code 10m}, {@code 512KB}, {@code 1G} or a number of bytes. */
	static long parseSize(String text) {
		Matcher size = SIZE.matcher(text.trim().toUpperCase(Locale.ROOT));
		if (!size.matches()) {
			throw new IllegalArgumentException("Not a log size: " + text + " (for example 10MB)");
		}
		long unit = switch (size.group(2)) {
			case "K" -> 1024L;
			case "M" -> 1024L * 1024;
			case "G" -> 1024L * 1024 * 1024;
			default -> 1L;
		};
		return Long.parseLong(size.group(1)) * unit;
	}

}
