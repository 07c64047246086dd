package dev.latchkey.vault.crypto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeyTemplates;
import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.FakeKms;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.KmsKeys;
import dev.latchkey.crypto.SealingException;
import dev.latchkey.vault.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RootKeysetFileTest {

	private static final String WHAT = "the root keyset property";

	@TempDir
	Path keys;

	private final KeysetHandle rootKeyset = Fixtures.anAeadKeyset();

	private final String kmsKeyUri = FakeKms.newKey();

	private final Aead kmsKey = KmsKeys.aead("the KMS key property", this.kmsKeyUri, null);

	@Test
	void plaintext_load_readsTheKeyFileAsBefore() throws IOException {
		Path file = Files.writeString(this.keys.resolve("root.json"), Keysets.toSecretJson(this.rootKeyset));

		KeysetHandle loaded = RootKeysetFile.plaintext(WHAT, null, file).load();

		assertThat(loaded.equalsKeyset(this.rootKeyset)).isTrue();
	}

	@Test
	void plaintext_store_replacesTheFileWithTheNewKeyset() throws Exception {
		Path file = Files.writeString(this.keys.resolve("root.json"), Keysets.toSecretJson(this.rootKeyset));
		RootKeysetStore store = RootKeysetFile.plaintext(WHAT, null, file);
		KeysetHandle rotated = withNewPrimary(this.rootKeyset);

		store.store(rotated);

		assertThat(store.load().equalsKeyset(rotated)).isTrue();
		assertThat(store.load().size()).isEqualTo(2);
	}

	@Test
	void wrapped_load_unwrapsTheKeysetWithTheKmsKey() throws IOException {
		Path file = Files.writeString(this.keys.resolve("root.json"),
				Keysets.toWrappedJson(this.rootKeyset, this.kmsKey, AssociatedData.forRootKeyset()));

		KeysetHandle loaded = RootKeysetFile.wrapped(WHAT, null, file, this.kmsKey).load();

		assertThat(loaded.equalsKeyset(this.rootKeyset)).isTrue();
	}

	@Test
	void wrapped_store_wrapsTheNewKeysetWithTheKmsKey() throws Exception {
		Path file = Files.writeString(this.keys.resolve("root.json"),
				Keysets.toWrappedJson(this.rootKeyset, this.kmsKey, AssociatedData.forRootKeyset()));
		RootKeysetStore store = RootKeysetFile.wrapped(WHAT, null, file, this.kmsKey);
		KeysetHandle rotated = withNewPrimary(this.rootKeyset);
		int kmsCalls = FakeKms.calls(this.kmsKeyUri);

		store.store(rotated);

		assertThat(FakeKms.calls(this.kmsKeyUri)).isEqualTo(kmsCalls + 1);
		assertThat(Files.readString(file)).contains("encryptedKeyset").doesNotContain("keyData");
		assertThat(store.load().equalsKeyset(rotated)).isTrue();
	}

	@Test
	void wrapped_load_failsWithAnotherKmsKey_namingTheProperty() throws IOException {
		Path file = Files.writeString(this.keys.resolve("root.json"),
				Keysets.toWrappedJson(this.rootKeyset, this.kmsKey, AssociatedData.forRootKeyset()));
		Aead anotherKey = KmsKeys.aead("the KMS key property", FakeKms.newKey(), null);

		assertThatThrownBy(() -> RootKeysetFile.wrapped(WHAT, null, file, anotherKey).load())
			.isInstanceOf(SealingException.class)
			.hasMessageContaining(WHAT)
			.hasMessageContaining("cannot be unwrapped by its KMS key");
	}

	@Test
	void wrapped_load_failsWhenTheKmsCannotBeReached_sayingWhy() throws IOException {
		String cutOffKeyUri = FakeKms.newKey();
		Aead cutOffKey = KmsKeys.aead("the KMS key property", cutOffKeyUri, null);
		Path file = Files.writeString(this.keys.resolve("root.json"),
				Keysets.toWrappedJson(this.rootKeyset, cutOffKey, AssociatedData.forRootKeyset()));
		FakeKms.cutOff(cutOffKeyUri);

		assertThatThrownBy(() -> RootKeysetFile.wrapped(WHAT, null, file, cutOffKey).load())
			.isInstanceOf(SealingException.class)
			.hasMessageContaining(WHAT)
			.hasMessageContaining("connect timed out");
	}

	@Test
	void store_refusesAnInlineRootKeyset() {
		RootKeysetStore store = RootKeysetFile.plaintext(WHAT, Keysets.toSecretJson(this.rootKeyset), null);

		assertThatThrownBy(() -> store.store(this.rootKeyset)).isInstanceOf(SealingException.class)
			.hasMessageContaining(WHAT)
			.hasMessageContaining("inline");
	}

	@Test
	void load_refusesAKeysetThatIsNotAead() throws IOException {
		Path file = Files.writeString(this.keys.resolve("root.json"), Keysets.toSecretJson(Fixtures.anHpkeKeyset()));

		assertThatThrownBy(() -> RootKeysetFile.plaintext(WHAT, null, file).load()).isInstanceOf(SealingException.class)
			.hasMessageContaining(WHAT)
			.hasMessageContaining("must be an AEAD keyset");
	}

	private static KeysetHandle withNewPrimary(KeysetHandle keyset) throws Exception {
		KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
		builder
			.addEntry(KeysetHandle.generateEntryFromParameters(KeyTemplates.get(Keysets.AEAD_TEMPLATE).toParameters())
				.withRandomId()
				.makePrimary());
		return builder.build();
	}

}
