package dev.latchkey.crypto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WrappedKeysetTest {

	private static final String WHAT = "the.root-keyset-file";

	private final String kmsKey = FakeKms.newKey();

	private final Aead kms = KmsKeys.aead("the.kms-key-uri", this.kmsKey, null);

	private final KeysetHandle keyset = Keysets.generate(Keysets.AEAD_TEMPLATE);

	@Test
	void loadWrapped_returnsTheKeysetThatWasWrapped() {
		String wrapped = Keysets.toWrappedJson(this.keyset, this.kms, AssociatedData.forRootKeyset());

		KeysetHandle loaded = Keysets.loadWrapped(WHAT, wrapped, null, this.kms, AssociatedData.forRootKeyset());

		assertThat(loaded.equalsKeyset(this.keyset)).isTrue();
	}

	@Test
	void toWrappedJson_holdsNoKeyMaterial() {
		String wrapped = Keysets.toWrappedJson(this.keyset, this.kms, AssociatedData.forRootKeyset());

		assertThat(wrapped).contains("encryptedKeyset").doesNotContain("keyData");
		assertThat(wrapped).doesNotContain(keyValueOf(this.keyset));
	}

	@Test
	void loadWrapped_failsWithAnotherKmsKey_namingWhat() {
		String wrapped = Keysets.toWrappedJson(this.keyset, this.kms, AssociatedData.forRootKeyset());
		Aead otherKey = KmsKeys.aead("the.kms-key-uri", FakeKms.newKey(), null);

		assertThatThrownBy(() -> Keysets.loadWrapped(WHAT, wrapped, null, otherKey, AssociatedData.forRootKeyset()))
			.isInstanceOf(SealingException.class)
			.hasMessageContaining(WHAT)
			.hasMessageContaining("cannot be unwrapped by its KMS key");
	}

	@Test
	void loadWrapped_failsWithOtherAssociatedData() {
		String wrapped = Keysets.toWrappedJson(this.keyset, this.kms, AssociatedData.forRootKeyset());

		assertThatThrownBy(() -> Keysets.loadWrapped(WHAT, wrapped, null, this.kms, AssociatedData.of("other")))
			.isInstanceOf(SealingException.class)
			.hasMessageContaining(WHAT);
	}

	@Test
	void loadWrapped_failsWhenTheKmsCannotBeReached_withTheKmsError() {
		String wrapped = Keysets.toWrappedJson(this.keyset, this.kms, AssociatedData.forRootKeyset());
		FakeKms.cutOff(this.kmsKey);

		assertThatThrownBy(() -> Keysets.loadWrapped(WHAT, wrapped, null, this.kms, AssociatedData.forRootKeyset()))
			.isInstanceOf(SealingException.class)
			.hasMessageContaining(WHAT)
			.hasMessageContaining("connect timed out");
	}

	@Test
	void loadWrapped_ofAPlaintextKeyset_saysItMustBeWrappedFirst() {
		String plaintext = Keysets.toSecretJson(this.keyset);

		assertThatThrownBy(() -> Keysets.loadWrapped(WHAT, plaintext, null, this.kms, AssociatedData.forRootKeyset()))
			.isInstanceOf(SealingException.class)
			.hasMessageContaining(WHAT)
			.hasMessageContaining("plaintext keyset");
	}

	@Test
	void loadSecret_ofAWrappedKeyset_saysItNeedsItsKmsKey() {
		String wrapped = Keysets.toWrappedJson(this.keyset, this.kms, AssociatedData.forRootKeyset());

		assertThatThrownBy(() -> Keysets.loadSecret(WHAT, wrapped, null)).isInstanceOf(SealingException.class)
			.hasMessageContaining(WHAT)
			.hasMessageContaining("wrapped by a KMS key");
	}

	@Test
	void write_replacesTheFileWholeAndOwnerOnly(@TempDir Path dir) throws IOException {
		Path file = Files.writeString(dir.resolve("root.json"), "old");

		Keysets.write(file, "new");

		assertThat(file).hasContent("new");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		try (var entries = Files.list(dir)) {
			assertThat(entries).containsExactly(file);
		}
	}

	private static String keyValueOf(KeysetHandle keyset) {
		String json = Keysets.toSecretJson(keyset);
		int start = json.indexOf("\"value\":") + "\"value\":".length();
		start = json.indexOf('"', start) + 1;
		return json.substring(start, json.indexOf('"', start));
	}

}
