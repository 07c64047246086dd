package dev.latchkey.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ParentWatchTest {

	@TempDir
	Path dir;

	@Test
	void theAgentJarHoldsTheWatchAndNamesItAsPremainClass() throws IOException {
		Path jar = ParentWatch.writeJar(this.dir);

		try (JarFile agent = new JarFile(jar.toFile())) {
			assertThat(agent.getManifest().getMainAttributes().getValue("Premain-Class"))
				.isEqualTo(ParentWatch.class.getName());
			assertThat(agent.getEntry("dev/latchkey/local/ParentWatch.class")).isNotNull();
			assertThat(agent.size()).as("nothing but the manifest and the class").isEqualTo(2);
		}
	}

	@Test
	void theSameAgentIsNotWrittenTwice() throws IOException {
		Path jar = ParentWatch.writeJar(this.dir);
		long written = Files.getLastModifiedTime(jar).toMillis();
		byte[] bytes = Files.readAllBytes(jar);
		Files.setLastModifiedTime(jar, FileTime.fromMillis(written - 60_000));

		ParentWatch.writeJar(this.dir);

		assertThat(Files.readAllBytes(jar)).isEqualTo(bytes);
		assertThat(Files.getLastModifiedTime(jar).toMillis()).isEqualTo(written - 60_000);
	}

}
