package dev.latchkey.crypto;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.google.crypto.tink.KeysetHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SealingTest {

	private final KeysetHandle vaultKeys = Keysets.generate(Keysets.HPKE_TEMPLATE);

	private final Sealer sealer = new HpkeSealer(Keysets.publicOf(this.vaultKeys));

	private final Opener opener = new HpkeOpener(this.vaultKeys);

	private final SecretFields secret = SecretFields.of(Map.of("api_key", "sk_canary_123"));

	@Test
	void open_returnsWhatWasSealedWithTheSameAssociatedData() {
		AssociatedData context = AssociatedData.forSubmission("t1", "i1", "e1");
		byte[] sealed = this.sealer.seal(this.secret, context);

		assertThat(this.opener.open(sealed, context)).isEqualTo(this.secret);
	}

	@Test
	void open_rejectsCiphertextBoundToAnotherTenant() {
		byte[] sealed = this.sealer.seal(this.secret, AssociatedData.forSubmission("t1", "i1", "e1"));

		assertThatThrownBy(() -> this.opener.open(sealed, AssociatedData.forSubmission("t2", "i1", "e1")))
			.isInstanceOf(SealingException.class)
			.hasMessageNotContaining("sk_canary");
	}

	@Test
	void open_rejectsCiphertextSealedToAnotherKey() {
		Opener other = new HpkeOpener(Keysets.generate(Keysets.HPKE_TEMPLATE));
		AssociatedData context = AssociatedData.forSubmission("t1", "i1", "e1");
		byte[] sealed = this.sealer.seal(this.secret, context);

		assertThatThrownBy(() -> other.open(sealed, context)).isInstanceOf(SealingException.class);
	}

	@Test
	void associatedData_partsCannotBeShiftedIntoEachOther() {
		assertThat(AssociatedData.forSubmission("ab", "c", "e"))
			.isNotEqualTo(AssociatedData.forSubmission("a", "bc", "e"));
	}

	@Test
	void secretFields_toStringShowsNamesButNeverValues() {
		assertThat(this.secret.toString()).contains("api_key").doesNotContain("sk_canary_123");
	}

	@Test
	void keysets_roundTripThroughFilesAndInlineValues(@TempDir Path dir) throws Exception {
		Path privateFile = dir.resolve("vault.json");
		Files.writeString(privateFile, Keysets.toSecretJson(this.vaultKeys));
		String publicJson = Keysets.toPublicJson(Keysets.publicOf(this.vaultKeys));

		Opener loaded = new HpkeOpener(Keysets.loadSecret("vault key", null, privateFile));
		Sealer inline = new HpkeSealer(Keysets.loadPublic("vault public key", publicJson, null));
		AssociatedData context = AssociatedData.forSubmission("t", "i", "e");

		assertThat(loaded.open(inline.seal(this.secret, context), context)).isEqualTo(this.secret);
	}

	@Test
	void keysets_missingKeyFileIsAClearError(@TempDir Path dir) {
		assertThatThrownBy(() -> Keysets.loadSecret("latchkey.vault.keys.root", null, dir.resolve("absent.json")))
			.isInstanceOf(SealingException.class)
			.hasMessageContaining("latchkey.vault.keys.root")
			.hasMessageContaining("does not exist");
	}

}
