package dev.latchkey.embedded;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceProcessTest {

	@Test
	void thePipelineServicesRunC1OnlyAndTheStatusServiceBothCompilers() {
		for (String service : new String[] { "collector-service", "vault-service", "scanner-service" }) {
			assertThat(ServiceProcess.jvmOptions(service)).containsAll(ServiceProcess.JVM_OPTIONS)
				.contains("-XX:TieredStopAtLevel=1");
		}
		assertThat(ServiceProcess.jvmOptions("status-service")).isEqualTo(ServiceProcess.JVM_OPTIONS)
			.noneMatch((option) -> option.startsWith("-XX:TieredStopAtLevel"));
	}

}
