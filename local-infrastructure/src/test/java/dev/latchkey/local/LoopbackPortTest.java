package dev.latchkey.local;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class LoopbackPortTest {

	@Test
	void aPortHeldByAnotherProcessIsRefusedWithAMessageNamingComponentAndPort() throws Exception {
		try (ServerSocket foreign = listening()) {
			int port = foreign.getLocalPort();

			assertThatThrownBy(() -> LoopbackPort.awaitFree("vault-service", port, Duration.ofMillis(300)))
				.isInstanceOf(IllegalStateException.class)
				.hasMessageStartingWith("vault-service cannot start: port " + port
						+ " is held by a process this launcher did not start");
		}
	}

	@Test
	void theRefusalNamesTheHoldingProcessWhereProcTellsIt() throws Exception {
		assumeThat(Path.of("/proc/net/tcp")).as("/proc tells who listens (Linux)").exists();
		try (ServerSocket foreign = listening()) {
			long pid = ProcessHandle.current().pid();

			assertThat(LoopbackPort.holder(foreign.getLocalPort())).hasValue(pid);
			assertThat(LoopbackPort.isHeldBy(foreign.getLocalPort(), pid)).hasValue(true);
			assertThat(
					LoopbackPort.isHeldBy(foreign.getLocalPort(), ProcessHandle.current().parent().orElseThrow().pid()))
				.hasValue(false);
			assertThatThrownBy(() -> LoopbackPort.awaitFree("Kafka broker", foreign.getLocalPort(), Duration.ZERO))
				.hasMessageContaining("(pid " + pid + ": ");
		}
	}

	@Test
	void aPortThatIsReleasedWhileWaitingIsAccepted() throws Exception {
		ServerSocket leaving = listening();
		int port = leaving.getLocalPort();
		Thread exiting = new Thread(() -> {
			try {
				Thread.sleep(500);
				leaving.close();
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		exiting.start();

		LoopbackPort.awaitFree("status-service", port, Duration.ofSeconds(10));

		assertThat(LoopbackPort.isFree(port)).isTrue();
		exiting.join();
	}

	@Test
	void portZeroMeansAnyFreePortAndIsNeverChecked() {
		LoopbackPort.awaitFree("demo platform", 0, Duration.ZERO);
	}

	private static ServerSocket listening() throws Exception {
		ServerSocket socket = new ServerSocket();
		socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		return socket;
	}

}
