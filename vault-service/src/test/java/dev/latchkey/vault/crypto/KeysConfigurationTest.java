package dev.latchkey.vault.crypto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.Opener;
import dev.latchkey.vault.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

class KeysConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(KeysConfiguration.class, Collaborators.class);

	private final String rootKeyset = Keysets.toSecretJson(Fixtures.anAeadKeyset());

	private final String submissionKeyset = Keysets.toSecretJson(Fixtures.anHpkeKeyset());

	@Test
	void startup_failsWithoutTheRootKeyset_namingTheProperty() {
		this.runner.withPropertyValues("latchkey.vault.keys.submission-keyset=" + this.submissionKeyset)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("latchkey.vault.keys.root-keyset-file")
				.hasMessageContaining("LATCHKEY_VAULT_KEYS_ROOT_KEYSET_FILE")
				.hasMessageContaining("is not configured"));
	}

	@Test
	void startup_failsWithoutTheSubmissionKeyset_namingTheProperty() {
		this.runner.withPropertyValues("latchkey.vault.keys.root-keyset=" + this.rootKeyset)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("latchkey.vault.keys.submission-keyset-file")
				.hasMessageContaining("LATCHKEY_VAULT_KEYS_SUBMISSION_KEYSET_FILE"));
	}

	@Test
	void startup_failsWhenTheRootKeysetIsNotAnAeadKeyset() {
		this.runner
			.withPropertyValues("latchkey.vault.keys.root-keyset=" + this.submissionKeyset,
					"latchkey.vault.keys.submission-keyset=" + this.submissionKeyset)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("latchkey.vault.keys.root-keyset-file")
				.hasStackTraceContaining("must be an AEAD keyset"));
	}

	@Test
	void startup_failsWhenTheKeyFileIsMissing() {
		this.runner
			.withPropertyValues("latchkey.vault.keys.root-keyset-file=/nonexistent/root.json",
					"latchkey.vault.keys.submission-keyset=" + this.submissionKeyset)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("/nonexistent/root.json"));
	}

	@Test
	void startup_loadsKeyFilesNamedByEnvironmentVariables(@TempDir Path keys) throws IOException {
		Path root = Files.writeString(keys.resolve("root.json"), this.rootKeyset);
		Path submission = Files.writeString(keys.resolve("submission.json"), this.submissionKeyset);
		Map<String, Object> environment = Map.of("LATCHKEY_VAULT_KEYS_ROOT_KEYSET_FILE", root.toString(),
				"LATCHKEY_VAULT_KEYS_SUBMISSION_KEYSET_FILE", submission.toString());
		this.runner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
								environment)))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(KeyHierarchy.class)
				.hasSingleBean(Opener.class));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(VaultKeysProperties.class)
	static class Collaborators {

		@Bean
		TenantKeyStore tenantKeyStore() {
			return new InMemoryTenantKeyStore();
		}

		@Bean
		Clock clock() {
			return Fixtures.aFixedClock();
		}

	}

}
