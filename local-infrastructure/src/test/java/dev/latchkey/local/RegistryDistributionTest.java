package dev.latchkey.local;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatIOException;

class RegistryDistributionTest {

	@AfterEach
	void clearProperties() {
		System.clearProperty(RegistryDistribution.DISTRIBUTION_PROPERTY);
		System.clearProperty(RegistryDistribution.CACHE_PROPERTY);
	}

	@Test
	void knowsTheVersionItWasBuiltAgainst() {
		assertThat(RegistryDistribution.version()).matches("\\d+\\.\\d+\\.\\d+.*");
	}

	@Test
	void explainsAMissingDistribution(@TempDir Path dir) {
		System.setProperty(RegistryDistribution.DISTRIBUTION_PROPERTY, dir.resolve("absent.tar.gz").toString());

		assertThatIllegalStateException().isThrownBy(RegistryDistribution::runnerJar)
			.withMessageContaining("latchkey.registry.distribution")
			.withMessageContaining("does not exist");
	}

	@Test
	void unpacksAnArchiveWithLongNamesOnceAndFindsTheRunnerJar(@TempDir Path dir) throws IOException {
		String longDirectory = "lib/" + "x".repeat(120);
		Path archive = dir.resolve("registry-app-all.tar.gz");
		Files.write(archive, tarGz(
				List.of(new Entry("registry-app-runner.jar", "jar"), new Entry(longDirectory + "/a.jar", "library"))));
		System.setProperty(RegistryDistribution.DISTRIBUTION_PROPERTY, archive.toString());
		System.setProperty(RegistryDistribution.CACHE_PROPERTY, dir.resolve("cache").toString());

		Path runnerJar = RegistryDistribution.runnerJar();

		assertThat(runnerJar).hasFileName("registry-app-runner.jar").hasContent("jar");
		assertThat(runnerJar.resolveSibling(longDirectory).resolve("a.jar")).hasContent("library");
		assertThat(RegistryDistribution.runnerJar()).isEqualTo(runnerJar);
	}

	@Test
	void refusesEntriesThatEscapeTheTarget(@TempDir Path dir) throws IOException {
		Path archive = dir.resolve("evil.tar.gz");
		Files.write(archive, tarGz(List.of(new Entry("../escaped.txt", "nope"))));

		assertThatIOException().isThrownBy(() -> RegistryDistribution.untar(archive, dir.resolve("target")))
			.withMessageContaining("escapes");
		assertThat(dir.resolve("escaped.txt")).doesNotExist();
	}

	private record Entry(String name, String content) {
	}

	/**
	 * Writes a GNU tar: names longer than 100 bytes get a {@code ././@LongLink} entry.
	 */
	private static byte[] tarGz(List<Entry> entries) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (OutputStream out = new GZIPOutputStream(bytes)) {
			for (Entry entry : entries) {
				byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
				if (name.length > 100) {
					writeEntry(out, "././@LongLink", 'L', name);
				}
				writeEntry(out, entry.name(), '0', entry.content().getBytes(StandardCharsets.UTF_8));
			}
			out.write(new byte[1024]);
		}
		return bytes.toByteArray();
	}

	private static void writeEntry(OutputStream out, String name, char type, byte[] content) throws IOException {
		byte[] header = new byte[512];
		byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
		System.arraycopy(nameBytes, 0, header, 0, Math.min(100, nameBytes.length));
		put(header, 100, "0000644\0");
		put(header, 108, "0000000\0");
		put(header, 116, "0000000\0");
		put(header, 124, String.format("%011o\0", content.length));
		put(header, 136, "00000000000\0");
		header[156] = (byte) type;
		put(header, 257, "ustar  \0");
		put(header, 148, "        ");
		int checksum = 0;
		for (byte b : header) {
			checksum += b & 0xff;
		}
		put(header, 148, String.format("%06o\0 ", checksum));
		out.write(header);
		out.write(content);
		out.write(new byte[(512 - content.length % 512) % 512]);
	}

	private static void put(byte[] header, int offset, String value) {
		byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(bytes, 0, header, offset, bytes.length);
	}

}
