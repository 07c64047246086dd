package dev.latchkey.vault.lease;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.latchkey.crypto.Keysets;
import dev.latchkey.vault.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class LeaseConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(LeaseConfiguration.class, Properties.class);

	@Test
	void consumers_areRegisteredFromKeyFilesNamedByEnvironmentVariables(@TempDir Path keys) throws IOException {
		Path scanner = Files.writeString(keys.resolve("scanner-public.json"),
				Keysets.toPublicJson(Keysets.publicOf(Fixtures.anHpkeKeyset())));
		Map<String, Object> environment = Map.of("LATCHKEY_VAULT_LEASE_CONSUMERS_SCANNER_PUBLIC_KEYSET_FILE",
				scanner.toString());
		this.runner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
								environment)))
			.run((context) -> assertThat(context.getBean(RegisteredConsumers.class).names())
				.containsExactly("scanner"));
	}

	@Test
	void consumers_acceptAnInlinePublicKeyset() {
		String inline = Keysets.toPublicJson(Keysets.publicOf(Fixtures.anHpkeKeyset()));
		this.runner.withPropertyValues("latchkey.vault.lease.consumers.auditor.public-keyset=" + inline)
			.run((context) -> assertThat(context.getBean(RegisteredConsumers.class).sealerFor("auditor")).isPresent());
	}

	@Test
	void startup_failsWhenAConsumerKeyIsMissing() {
		this.runner.withPropertyValues("latchkey.vault.lease.consumers.scanner.public-keyset-file=/nonexistent.json")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("latchkey.vault.lease.consumers.scanner.public-keyset-file"));
	}

	@Test
	void startup_withoutConsumersRefusesEveryLease() {
		this.runner.run((context) -> assertThat(context.getBean(RegisteredConsumers.class).names()).isEmpty());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(LeaseProperties.class)
	static class Properties {

	}

}
