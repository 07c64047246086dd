package dev.latchkey.vault.crypto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.FakeKms;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.KmsKeys;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.vault.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The root key in a KMS, played by {@link FakeKms}: nothing here reaches a network. */
class KmsRootKeysetTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(KeysConfiguration.class, KeysConfigurationTest.Collaborators.class)
		.withPropertyValues("latchkey.vault.keys.submission-keyset=" + Keysets.toSecretJson(Fixtures.anHpkeKeyset()));

	private final KeysetHandle rootKeyset = Fixtures.anAeadKeyset();

	private final String kmsKeyUri = FakeKms.newKey();

	@TempDir
	Path keys;

	@Test
	void recordsStoredUnderAPlaintextRootKey_openAfterThatKeyIsWrappedByTheKms() throws IOException {
		InMemoryTenantKeyStore tenantKeys = new InMemoryTenantKeyStore();
		Path plaintext = Files.writeString(this.keys.resolve("root.json"), Keysets.toSecretJson(this.rootKeyset));
		KeyHierarchy before = new TinkKeyHierarchy(RootKeysetFile.plaintext("root", null, plaintext), tenantKeys,
				Fixtures.aFixedClock());
		StoredVersion where = new StoredVersion("t1", "int_a", 1);
		SecretFields secret = Fixtures.aDemoKey();
		Envelope stored = before.encrypt(where, secret).block();

		Path wrapped = wrap(plaintext);
		KeyHierarchy after = new TinkKeyHierarchy(
				RootKeysetFile.wrapped("root", null, wrapped, KmsKeys.aead("kms", this.kmsKeyUri, null)), tenantKeys,
				Fixtures.aFixedClock());

		assertThat(after.decrypt(where, stored).block()).isEqualTo(secret);
		assertThat(Files.readString(wrapped)).doesNotContain("keyData");
	}

	@Test
	void startup_withAKmsWrappedRootKeyset_succeeds() throws IOException {
		Path wrapped = wrap(Files.writeString(this.keys.resolve("plain.json"), Keysets.toSecretJson(this.rootKeyset)));

		this.runner
			.withPropertyValues("latchkey.vault.keys.root-keyset-file=" + wrapped,
					"latchkey.vault.keys.root-kms-key-uri=" + this.kmsKeyUri)
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(KeyHierarchy.class);
				assertThat(context.getBean(RootKeysetStore.class).load().equalsKeyset(this.rootKeyset)).isTrue();
			});
	}

	@Test
	void startup_failsWithAnotherKmsKey_namingBothProperties() throws IOException {
		Path wrapped = wrap(Files.writeString(this.keys.resolve("plain.json"), Keysets.toSecretJson(this.rootKeyset)));

		this.runner
			.withPropertyValues("latchkey.vault.keys.root-keyset-file=" + wrapped,
					"latchkey.vault.keys.root-kms-key-uri=" + FakeKms.newKey())
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new KeysFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("latchkey.vault.keys.root-keyset-file")
					.contains("LATCHKEY_VAULT_KEYS_ROOT_KMS_KEY_URI")
					.contains("cannot be unwrapped by its KMS key");
				assertThat(analysis.getAction()).contains("kms:Decrypt")
					.contains("roles/cloudkms.cryptoKeyEncrypterDecrypter")
					.contains("LATCHKEY_VAULT_KEYS_ROOT_KMS_CREDENTIALS_FILE");
			});
	}

	@Test
	void startup_failsWhenTheKmsCannotBeReached_namingTheProperty() throws IOException {
		Path wrapped = wrap(Files.writeString(this.keys.resolve("plain.json"), Keysets.toSecretJson(this.rootKeyset)));
		String unreachable = FakeKms.newKey();
		Files.writeString(wrapped, Keysets.toWrappedJson(this.rootKeyset, KmsKeys.aead("kms", unreachable, null),
				AssociatedData.forRootKeyset()));
		FakeKms.cutOff(unreachable);

		this.runner
			.withPropertyValues("latchkey.vault.keys.root-keyset-file=" + wrapped,
					"latchkey.vault.keys.root-kms-key-uri=" + unreachable)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("fake KMS: connect timed out"));
		this.runner
			.withPropertyValues("latchkey.vault.keys.root-keyset-file=" + wrapped,
					"latchkey.vault.keys.root-kms-key-uri=" + unreachable)
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("LATCHKEY_VAULT_KEYS_ROOT_KMS_KEY_URI"));
	}

	@Test
	void startup_failsForAPlaintextRootKeysetWhenAKmsKeyIsNamed() throws IOException {
		Path plaintext = Files.writeString(this.keys.resolve("plain.json"), Keysets.toSecretJson(this.rootKeyset));

		this.runner
			.withPropertyValues("latchkey.vault.keys.root-keyset-file=" + plaintext,
					"latchkey.vault.keys.root-kms-key-uri=" + this.kmsKeyUri)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("holds a plaintext keyset")
				.hasStackTraceContaining("LATCHKEY_VAULT_KEYS_ROOT_KMS_KEY_URI"));
	}

	@Test
	void startup_failsForAWrappedRootKeysetWithoutItsKmsKey() throws IOException {
		Path wrapped = wrap(Files.writeString(this.keys.resolve("plain.json"), Keysets.toSecretJson(this.rootKeyset)));

		this.runner.withPropertyValues("latchkey.vault.keys.root-keyset-file=" + wrapped).run((context) -> {
			assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("LATCHKEY_VAULT_KEYS_ROOT_KEYSET_FILE")
				.hasStackTraceContaining("wrapped by a KMS key");
			assertThat(new KeysFailureAnalyzer().analyze(context.getStartupFailure()).getAction())
				.contains("LATCHKEY_VAULT_KEYS_ROOT_KMS_KEY_URI");
		});
	}

	/** What the admin command {@code keys wrap-root} does, with the fake KMS key. */
	private Path wrap(Path plaintext) throws IOException {
		KeysetHandle keyset = Keysets.loadSecret("plain", null, plaintext);
		return Files.writeString(this.keys.resolve("root.wrapped.json"), Keysets.toWrappedJson(keyset,
				KmsKeys.aead("kms", this.kmsKeyUri, null), AssociatedData.forRootKeyset()));
	}

}
