package dev.latchkey.scanner;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.latchkey.scanner.probe.CatalogueProperties;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

class ScannerPropertiesTest {

	@Test
	void properties_bindFromTheDocumentedEnvironmentVariables() throws IOException {
		Binder binder = binderOf(Map.of("LATCHKEY_SCANNER_VAULT_URL", "http://vault:8082",
				"LATCHKEY_SCANNER_KEYS_LEASE_KEYSET_FILE", "/keys/scanner-lease-private.json",
				"LATCHKEY_SCANNER_KEYS_SIGNING_KEYSET_FILE", "/keys/scanner-signing-private.json",
				"LATCHKEY_SCANNER_PROBE_TIMEOUT", "2s", "LATCHKEY_CATALOGUE_BASE_URLS_DEMO", "http://localhost:9300"));

		ScannerProperties scanner = binder.bindOrCreate("latchkey.scanner", ScannerProperties.class);
		CatalogueProperties catalogue = binder.bindOrCreate("latchkey.catalogue", CatalogueProperties.class);

		assertThat(scanner.vaultUrl()).hasToString("http://vault:8082");
		assertThat(scanner.keys().leaseKeysetFile()).isEqualTo(Path.of("/keys/scanner-lease-private.json"));
		assertThat(scanner.keys().signingKeysetFile()).isEqualTo(Path.of("/keys/scanner-signing-private.json"));
		assertThat(scanner.probeTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(scanner.consumerName()).isEqualTo("scanner");
		assertThat(catalogue.baseUrls()).containsEntry("demo", "http://localhost:9300").containsEntry("stripe", "");
	}

	@Test
	void properties_withoutEnvironment_haveSafeDefaultsAndNoKey() throws IOException {
		Binder binder = binderOf(Map.of());

		ScannerProperties scanner = binder.bindOrCreate("latchkey.scanner", ScannerProperties.class);

		assertThat(scanner.vaultUrl()).hasToString("http://localhost:8082");
		assertThat(scanner.probeTimeout()).isEqualTo(Duration.ofSeconds(5));
		assertThat(scanner.keys().isConfigured()).isFalse();
		assertThat(scanner.keys().isSigningConfigured()).isFalse();
	}

	@Test
	void keys_toStringRedactsTheInlineKeyset() {
		ScannerProperties.Keys keys = new ScannerProperties.Keys(null, "{\"primaryKeyId\":1}", null,
				"{\"primaryKeyId\":2}");

		assertThat(keys.toString()).doesNotContain("primaryKeyId");
	}

	private static Binder binderOf(Map<String, Object> environmentVariables) throws IOException {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		environment.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource(
					"test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environmentVariables));
		for (PropertySource<?> yaml : new YamlPropertySourceLoader().load("application.yml",
				new ClassPathResource("application.yml"))) {
			environment.getPropertySources().addLast(yaml);
		}
		return new Binder(ConfigurationPropertySources.get(environment),
				new PropertySourcesPlaceholdersResolver(environment));
	}

}
