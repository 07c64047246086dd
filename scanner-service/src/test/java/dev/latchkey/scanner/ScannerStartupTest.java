package dev.latchkey.scanner;

import dev.latchkey.crypto.Keysets;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScannerStartupTest {

	@Test
	void application_withoutALeaseKey_refusesToStartAndSaysWhatToSet() {
		SpringApplicationBuilder application = new SpringApplicationBuilder(ScannerApplication.class).properties(
				"server.port=0", "spring.kafka.listener.auto-startup=false", "spring.kafka.admin.auto-create=false",
				"spring.main.banner-mode=off");

		assertThatThrownBy(() -> application.run().close()).satisfies((ex) -> {
			Throwable root = ex;
			while (root.getCause() != null) {
				root = root.getCause();
			}
			assertThat(root).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("LATCHKEY_SCANNER_KEYS_LEASE_KEYSET_FILE")
				.hasMessageContaining("no lease key");
		});
	}

	@Test
	void application_withoutASigningKey_refusesToStartAndSaysWhatToSet() {
		SpringApplicationBuilder application = new SpringApplicationBuilder(ScannerApplication.class).properties(
				"server.port=0", "spring.kafka.listener.auto-startup=false", "spring.kafka.admin.auto-create=false",
				"spring.main.banner-mode=off",
				"latchkey.scanner.keys.lease-keyset=" + Keysets.toSecretJson(Fixtures.aLeaseKeyset()));

		assertThatThrownBy(() -> application.run().close()).satisfies((ex) -> {
			Throwable root = ex;
			while (root.getCause() != null) {
				root = root.getCause();
			}
			assertThat(root).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("LATCHKEY_SCANNER_KEYS_SIGNING_KEYSET_FILE")
				.hasMessageContaining("no signing key");
		});
	}

}
