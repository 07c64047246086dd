package dev.latchkey.collector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.latchkey.websecurity.DevTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The service refuses to start without its keys, and says which property is missing. */
class StartupTest {

	private static final String JWT = "--latchkey.security.jwt.hmac-secret=" + Fixtures.JWT_SECRET;

	private static final String ISSUER = "--latchkey.security.jwt.issuer=" + DevTokens.ISSUER;

	private static final String AUDIENCE = "--latchkey.security.jwt.audience=" + DevTokens.AUDIENCE;

	@Test
	void refusesToStartWithoutTheVaultKeyset() {
		assertThat(failureOf(JWT, ISSUER, AUDIENCE)).contains("latchkey.collector.vault-public-keyset-file")
			.contains("LATCHKEY_COLLECTOR_VAULT_PUBLIC_KEYSET_FILE")
			.contains("latchkey.collector.vault-public-keyset");
	}

	@Test
	void refusesToStartWhenTheKeysetFileIsMissing(@TempDir Path dir) {
		assertThat(failureOf(JWT, ISSUER, AUDIENCE,
				"--latchkey.collector.vault-public-keyset-file=" + dir.resolve("nowhere.json")))
			.contains("latchkey.collector.vault-public-keyset-file")
			.contains("does not exist");
	}

	@Test
	void refusesToHoldTheVaultsPrivateKeyset() {
		assertThat(failureOf(JWT, ISSUER, AUDIENCE,
				"--latchkey.collector.vault-public-keyset=" + Fixtures.vaultPrivateKeysetJson()))
			.contains("latchkey.collector.vault-public-keyset")
			.contains("not a valid public Tink keyset");
	}

	@Test
	void refusesToStartWithoutAJwtSecret() {
		assertThat(failureOf("--latchkey.collector.vault-public-keyset=" + Fixtures.vaultPublicKeysetJson()))
			.contains("latchkey.security.jwt.hmac-secret");
	}

	@Test
	void refusesToRefreshWithoutASigningKeysetForTheVault() {
		String leaseKeyset = dev.latchkey.crypto.Keysets
			.toSecretJson(dev.latchkey.crypto.Keysets.generate(dev.latchkey.crypto.Keysets.HPKE_TEMPLATE));
		assertThat(failureOf(JWT, ISSUER, AUDIENCE,
				"--latchkey.collector.vault-public-keyset=" + Fixtures.vaultPublicKeysetJson(),
				"--latchkey.oauth.refresh.enabled=true", "--latchkey.oauth.refresh.lease-keyset=" + leaseKeyset,
				"--spring.kafka.listener.auto-startup=false"))
			.contains("latchkey.collector.vault.signing-keyset-file")
			.contains("LATCHKEY_COLLECTOR_VAULT_SIGNING_KEYSET_FILE");
	}

	@Test
	void startsWithTheVaultKeysetFromAFile(@TempDir Path dir) throws IOException {
		Path file = Files.writeString(dir.resolve("vault-public.json"), Fixtures.vaultPublicKeysetJson());
		try (ConfigurableApplicationContext context = start(JWT, ISSUER, AUDIENCE,
				"--latchkey.collector.vault-public-keyset-file=" + file)) {
			assertThat(context.isRunning()).isTrue();
		}
	}

	private static ConfigurableApplicationContext start(String... args) {
		return new SpringApplicationBuilder(CollectorApplication.class).run(withRandomPort(args));
	}

	/** Every message along the cause chain of the failed start. */
	private static String failureOf(String... args) {
		Throwable failure = catchThrowable(() -> start(args).close());
		assertThat(failure).as("the service should refuse to start").isNotNull();
		List<String> messages = new ArrayList<>();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.add(String.valueOf(cause.getMessage()));
		}
		return String.join("\n", messages);
	}

	private static String[] withRandomPort(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.add("--server.port=0");
		all.add("--spring.main.banner-mode=off");
		return all.toArray(String[]::new);
	}

}
