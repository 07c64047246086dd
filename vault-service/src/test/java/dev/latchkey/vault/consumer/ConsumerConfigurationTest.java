package dev.latchkey.vault.consumer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.google.crypto.tink.KeysetHandle;
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

class ConsumerConfigurationTest {

	private static final String SCANNER_VERIFY = publicJson(Fixtures.aSignatureKeyset());

	private static final String SCANNER_LEASE = publicJson(Fixtures.anHpkeKeyset());

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(ConsumerConfiguration.class, Properties.class);

	@Test
	void consumers_areRegisteredFromKeyFilesNamedByEnvironmentVariables(@TempDir Path keys) throws IOException {
		Path verify = Files.writeString(keys.resolve("scanner-signing-public.json"), SCANNER_VERIFY);
		Path lease = Files.writeString(keys.resolve("scanner-lease-public.json"), SCANNER_LEASE);
		Map<String, Object> environment = Map.of("LATCHKEY_VAULT_LEASE_CONSUMERS_SCANNER_VERIFY_KEYSET_FILE",
				verify.toString(), "LATCHKEY_VAULT_LEASE_CONSUMERS_SCANNER_PUBLIC_KEYSET_FILE", lease.toString(),
				"LATCHKEY_VAULT_LEASE_CONSUMERS_SCANNER_PURPOSES", "scan");
		this.runner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
								environment)))
			.run((context) -> {
				RegisteredConsumer scanner = context.getBean(RegisteredConsumers.class).find("scanner").orElseThrow();
				assertThat(scanner.mayLease(Purpose.SCAN, "twilio")).isTrue();
				assertThat(scanner.mayAct(Purpose.REFRESH)).isFalse();
				assertThat(scanner.mayAct(Purpose.ACCESS_LOG)).isFalse();
			});
	}

	@Test
	void scope_byAuthMode_letsTheCollectorLeaseOnlyOAuthProvidersOfTheCatalogue() {
		this.runner
			.withPropertyValues("latchkey.vault.lease.consumers.collector.verify-keyset=" + SCANNER_VERIFY,
					"latchkey.vault.lease.consumers.collector.public-keyset=" + SCANNER_LEASE,
					"latchkey.vault.lease.consumers.collector.purposes=refresh,access-log",
					"latchkey.vault.lease.consumers.collector.auth-modes=OAUTH2")
			.run((context) -> {
				RegisteredConsumer collector = context.getBean(RegisteredConsumers.class)
					.find("collector")
					.orElseThrow();
				assertThat(collector.mayLease(Purpose.REFRESH, "demo-oauth")).isTrue();
				assertThat(collector.mayLease(Purpose.REFRESH, "github-oauth")).isTrue();
				assertThat(collector.mayLease(Purpose.REFRESH, "demo")).isFalse();
				assertThat(collector.mayLease(Purpose.SCAN, "demo-oauth")).isFalse();
				assertThat(collector.mayAct(Purpose.ACCESS_LOG)).isTrue();
			});
	}

	@Test
	void scope_byProviders_isNarrowedByAuthMode() {
		this.runner
			.withPropertyValues("latchkey.vault.lease.consumers.auditor.verify-keyset=" + SCANNER_VERIFY,
					"latchkey.vault.lease.consumers.auditor.public-keyset=" + SCANNER_LEASE,
					"latchkey.vault.lease.consumers.auditor.purposes=scan",
					"latchkey.vault.lease.consumers.auditor.providers=demo,demo-oauth",
					"latchkey.vault.lease.consumers.auditor.auth-modes=API_KEY")
			.run((context) -> {
				RegisteredConsumer auditor = context.getBean(RegisteredConsumers.class).find("auditor").orElseThrow();
				assertThat(auditor.mayLease(Purpose.SCAN, "demo")).isTrue();
				assertThat(auditor.mayLease(Purpose.SCAN, "demo-oauth")).isFalse();
				assertThat(auditor.mayLease(Purpose.SCAN, "twilio")).isFalse();
			});
	}

	@Test
	void aConsumerThatOnlyReadsAccessLogs_needsNoLeaseKey() {
		this.runner
			.withPropertyValues("latchkey.vault.lease.consumers.support.verify-keyset=" + SCANNER_VERIFY,
					"latchkey.vault.lease.consumers.support.purposes=access-log")
			.run((context) -> {
				RegisteredConsumer support = context.getBean(RegisteredConsumers.class).find("support").orElseThrow();
				assertThat(support.mayAct(Purpose.ACCESS_LOG)).isTrue();
				assertThat(support.mayLease(Purpose.SCAN, "demo")).isFalse();
			});
	}

	@Test
	void aScopeWithoutKeys_registersNoConsumer() {
		this.runner.withPropertyValues("latchkey.vault.lease.consumers.collector.purposes=refresh")
			.run((context) -> assertThat(context.getBean(RegisteredConsumers.class).names()).isEmpty());
	}

	@Test
	void startup_failsWhenALeaseKeyComesWithoutAVerifyKey() {
		this.runner.withPropertyValues("latchkey.vault.lease.consumers.scanner.public-keyset=" + SCANNER_LEASE)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("latchkey.vault.lease.consumers.scanner.verify-keyset-file"));
	}

	@Test
	void startup_failsWhenALeasingPurposeHasNoLeaseKey() {
		this.runner
			.withPropertyValues("latchkey.vault.lease.consumers.scanner.verify-keyset=" + SCANNER_VERIFY,
					"latchkey.vault.lease.consumers.scanner.purposes=scan")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("latchkey.vault.lease.consumers.scanner.public-keyset-file"));
	}

	@Test
	void startup_failsWhenAKeyFileIsMissing() {
		this.runner
			.withPropertyValues("latchkey.vault.lease.consumers.scanner.verify-keyset-file=/nonexistent.json",
					"latchkey.vault.lease.consumers.scanner.purposes=access-log")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("latchkey.vault.lease.consumers.scanner.verify-keyset-file"));
	}

	@Test
	void startup_failsOnAnUnknownPurpose() {
		this.runner
			.withPropertyValues("latchkey.vault.lease.consumers.scanner.verify-keyset=" + SCANNER_VERIFY,
					"latchkey.vault.lease.consumers.scanner.purposes=scan,everything")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("latchkey.vault.lease.consumers.scanner.purposes")
				.hasMessageContaining("everything"));
	}

	@Test
	void startup_failsWhenTheVerifyKeyIsAPrivateKeyset() {
		this.runner
			.withPropertyValues(
					"latchkey.vault.lease.consumers.scanner.verify-keyset="
							+ Keysets.toSecretJson(Fixtures.aSignatureKeyset()),
					"latchkey.vault.lease.consumers.scanner.purposes=access-log")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void startup_withoutConsumersRefusesEveryRequest() {
		this.runner.run((context) -> assertThat(context.getBean(RegisteredConsumers.class).names()).isEmpty());
	}

	private static String publicJson(KeysetHandle keyset) {
		return Keysets.toPublicJson(Keysets.publicOf(keyset));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ConsumerProperties.class)
	static class Properties {

	}

}
