package dev.latchkey.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RotatingLogTest {

	@TempDir
	Path dir;

	@Test
	void rotationKeepsTheLogsSizeBounded() throws IOException {
		Path file = this.dir.resolve("vault-service.log");
		try (RotatingLog log = new RotatingLog(file, 10_000, 3)) {
			for (int i = 0; i < 5_000; i++) {
				log.writeLine(String.format("line %05d %s", i, "x".repeat(90)));
			}
		}

		assertThat(logFiles()).containsExactlyInAnyOrder("vault-service.log", "vault-service.log.1",
				"vault-service.log.2", "vault-service.log.3");
		for (String name : logFiles()) {
			assertThat(Files.size(this.dir.resolve(name))).as(name).isLessThanOrEqualTo(10_000);
			assertThat(Files.readString(this.dir.resolve(name))).as(name + " holds whole lines")
				.startsWith("line ")
				.endsWith(System.lineSeparator());
		}
		assertThat(Files.readString(file)).contains("line 04999");
		assertThat(Files.readString(this.dir.resolve("vault-service.log.1"))).doesNotContain("line 04999");
	}

	@Test
	void aWriteWithoutLineBreaksIsStillBounded() throws IOException {
		Path file = this.dir.resolve("registry.log");
		byte[] chunk = "y".repeat(4096).getBytes(StandardCharsets.UTF_8);
		try (RotatingLog log = new RotatingLog(file, 10_000, 2)) {
			for (int i = 0; i < 100; i++) {
				log.write(chunk, 0, chunk.length);
			}
		}

		for (String name : logFiles()) {
			assertThat(Files.size(this.dir.resolve(name))).as(name).isLessThanOrEqualTo(10_000 + 4096);
		}
		assertThat(logFiles()).hasSize(3);
	}

	@Test
	void aNewLogContinuesTheFileThatIsThere() throws IOException {
		Path file = this.dir.resolve("status-service.log");
		try (RotatingLog log = new RotatingLog(file, 1_000, 1)) {
			log.writeLine("before the restart");
		}
		try (RotatingLog log = new RotatingLog(file, 1_000, 1)) {
			log.writeLine("after the restart");
		}

		assertThat(Files.readAllLines(file)).containsExactly("before the restart", "after the restart");
	}

	@Test
	void theTailReachesIntoTheRotatedFile() throws IOException {
		try (RotatingLog log = new RotatingLog(this.dir.resolve("scanner-service.log"), 100, 1)) {
			for (int i = 0; i < 12; i++) {
				log.writeLine("line " + i + " " + "z".repeat(20));
			}

			assertThat(log.tail(5).lines().toList()).hasSize(5).last().asString().startsWith("line 11 ");
		}
	}

	@Test
	void sizesAreReadTheWayOperatorsWriteThem() {
		assertThat(RotatingLog.parseSize("10MB")).isEqualTo(10L * 1024 * 1024);
		assertThat(RotatingLog.parseSize("10m")).isEqualTo(10L * 1024 * 1024);
		assertThat(RotatingLog.parseSize("512 KB")).isEqualTo(512L * 1024);
		assertThat(RotatingLog.parseSize("1G")).isEqualTo(1024L * 1024 * 1024);
		assertThat(RotatingLog.parseSize("4096")).isEqualTo(4096);
		assertThatThrownBy(() -> RotatingLog.parseSize("ten megabytes")).hasMessageContaining("10MB");
	}

	private List<String> logFiles() throws IOException {
		try (Stream<Path> files = Files.list(this.dir)) {
			return files.map((path) -> path.getFileName().toString()).toList();
		}
	}

}
