package dev.latchkey.embedded;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ComposeImagesTest {

	@Test
	void theContainerSuiteRunsTheImagesOfDockerCompose() {
		assertThat(ContainersEndToEndIT.ComposeImages.of("kafka")).startsWith("apache/kafka:");
		assertThat(ContainersEndToEndIT.ComposeImages.of("mongo")).startsWith("mongo:");
		assertThat(ContainersEndToEndIT.ComposeImages.of("registry"))
			.startsWith("apicurio/apicurio-registry-kafkasql:2.6.");
	}

}
