package dev.latchkey.admin.importer;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.latchkey.catalogue.ProviderCatalogue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MappingTest {

	@TempDir
	Path dir;

	@Test
	void theShapesDefaultsFillWhatTheFileLeavesOut() throws Exception {
		Mapping mapping = Mapping.read(Files.writeString(this.dir.resolve("m.yml"), """
				source: postgres-installations
				connection: { url: "jdbc:postgresql://localhost/app" }
				encryption: { salt: "s" }
				tenants: { "*": "{organization}" }
				"""));
		assertThat(mapping.columns().id()).isEqualTo("workspace_id");
		assertThat(mapping.columns().secrets()).containsExactly("bot_token", "app_token", "signing_secret");
		assertThat(mapping.encryption().key()).isEqualTo("ENCRYPTION_KEY");
		assertThat(mapping.encryption().iterations()).isEqualTo(100_000);
		assertThat(mapping.providers().get("slack").provider()).isEqualTo("slack");
		assertThat(mapping.tenantOf("42")).contains("42");
		mapping.check(ProviderCatalogue.builtIn());
	}

	@Test
	void aProviderOrFieldOutsideTheCatalogueStopsTheRunNamingIt() throws Exception {
		Mapping mapping = Mapping.read(Files.writeString(this.dir.resolve("m.yml"), """
				source: jsonl
				connection: { file: export.jsonl }
				tenants: { acme: t-acme }
				providers:
				  sendgrid: { provider: sendgrid }
				  twilio_inbound: { provider: twilio, fields: { sid: account_sid } }
				"""));
		assertThatThrownBy(() -> mapping.check(ProviderCatalogue.builtIn()))
			.hasMessageContaining("providers.sendgrid.provider 'sendgrid' is not in the catalogue")
			.hasMessageContaining("providers.twilio_inbound.fields: 'sid' is not a field of twilio");
		assertThat(mapping.tenantOf("globex")).isEmpty();
	}

	@Test
	void anUnknownSettingIsRefusedRatherThanIgnored() throws Exception {
		Path file = Files.writeString(this.dir.resolve("m.yml"), "source: csv\nconection: {}\n");
		assertThatThrownBy(() -> Mapping.read(file)).isInstanceOf(MappingException.class)
			.hasMessageContaining("conection");
	}

	@Test
	void legacyNamesBecomeValidIntegrationNames() {
		assertThat(Importer.integrationName(null, "My Project")).isEqualTo("my-project");
		assertThat(Importer.integrationName(null, "T0123ABC")).isEqualTo("t0123abc");
		assertThat(Importer.integrationName(null, "  --  ")).isEqualTo("default");
		assertThat(Importer.integrationName(null, null)).isEqualTo("default");
		assertThat(Importer.integrationName("billing", "ignored")).isEqualTo("billing");
		assertThat(Importer.integrationName(null, "x".repeat(80))).hasSize(63);
	}

}
