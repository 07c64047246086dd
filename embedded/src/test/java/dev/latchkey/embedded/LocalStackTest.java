package dev.latchkey.embedded;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalStackTest {

	@TempDir
	Path home;

	@Test
	void startRefusesClearlyWhenAPortIsHeldByAProcessItDidNotStart() throws Exception {
		Ports ports = Ports.free();
		try (ServerSocket foreign = new ServerSocket()) {
			foreign.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), ports.vault()));

			assertThatThrownBy(() -> LocalStack.start(this.home, ports, this.home, Duration.ofMillis(500)))
				.isInstanceOf(IllegalStateException.class)
				.hasMessageStartingWith("vault-service cannot start: port " + ports.vault()
						+ " is held by a process this launcher did not start");
		}
		assertThat(this.home.resolve("kafka")).as("nothing was started").doesNotExist();
		assertThat(this.home.resolve("keys")).doesNotExist();
	}

	@Test
	void externalMongoDbGetsEachServicesDatabase_keepingTheConnectionOptions() {
		assertThat(new LocalStack.Infrastructure("k", "r", "mongodb://h:1").database("latchkey"))
			.isEqualTo("mongodb://h:1/latchkey");
		assertThat(new LocalStack.Infrastructure("k", "r", "mongodb://h:1/").database("latchkey_collector"))
			.isEqualTo("mongodb://h:1/latchkey_collector");
		assertThat(new LocalStack.Infrastructure("k", "r", "mongodb://u:p@h:1/?authSource=admin").database("latchkey"))
			.isEqualTo("mongodb://u:p@h:1/latchkey?authSource=admin");
	}

}
