package dev.latchkey.admin;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.FakeKms;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.KmsKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code keys wrap-root} against {@link FakeKms}: nothing here reaches a network. */
class WrapRootKeysetTest {

	@TempDir
	Path dir;

	private final String kmsKeyUri = FakeKms.newKey();

	private final StringWriter out = new StringWriter();

	private final StringWriter err = new StringWriter();

	@Test
	void wrapRoot_wrapsAPlaintextKeyset_thatTheKmsKeyUnwraps() throws IOException {
		KeysetHandle root = Keysets.generate(Keysets.AEAD_TEMPLATE);
		Path plain = Files.writeString(this.dir.resolve("root.json"), Keysets.toSecretJson(root));
		Path wrapped = this.dir.resolve("root.wrapped.json");

		int exit = run("keys", "wrap-root", "--kms-uri", this.kmsKeyUri, "--in", plain.toString(), "--out",
				wrapped.toString());

		assertThat(exit).as(this.err.toString()).isZero();
		assertThat(unwrap(wrapped).equalsKeyset(root)).isTrue();
		assertThat(Files.readString(wrapped)).doesNotContain("keyData");
		assertThat(this.out.toString()).contains("LATCHKEY_VAULT_KEYS_ROOT_KMS_KEY_URI=" + this.kmsKeyUri)
			.contains("LATCHKEY_VAULT_KEYS_ROOT_KEYSET_FILE=" + wrapped)
			.contains("shred");
	}

	@Test
	void wrapRoot_generatesANewAeadRootKeyset() {
		Path wrapped = this.dir.resolve("root.wrapped.json");

		int exit = run("keys", "wrap-root", "--kms-uri", this.kmsKeyUri, "--generate", "--out", wrapped.toString());

		assertThat(exit).as(this.err.toString()).isZero();
		KeysetHandle root = unwrap(wrapped);
		assertThat(root.size()).isEqualTo(1);
		assertThat(root.getPrimary().getKey().getParameters().toString()).contains("AesGcm");
	}

	@Test
	void wrapRoot_refusesToReplaceAnExistingFile_unlessForced() throws IOException {
		Path wrapped = Files.writeString(this.dir.resolve("root.wrapped.json"), "the old root keyset");

		assertThat(run("keys", "wrap-root", "--kms-uri", this.kmsKeyUri, "--generate", "--out", wrapped.toString()))
			.isEqualTo(2);
		assertThat(wrapped).hasContent("the old root keyset");
		assertThat(this.err.toString()).contains("--force");

		assertThat(run("keys", "wrap-root", "--kms-uri", this.kmsKeyUri, "--generate", "--out", wrapped.toString(),
				"--force"))
			.isZero();
		assertThat(unwrap(wrapped).size()).isEqualTo(1);
	}

	@Test
	void wrapRoot_writesNothingWhenTheKmsCannotBeReached() {
		String unreachable = FakeKms.newKey();
		FakeKms.cutOff(unreachable);
		Path wrapped = this.dir.resolve("root.wrapped.json");

		int exit = run("keys", "wrap-root", "--kms-uri", unreachable, "--generate", "--out", wrapped.toString());

		assertThat(exit).isEqualTo(1);
		assertThat(wrapped).doesNotExist();
		assertThat(this.err.toString()).contains("connect timed out");
	}

	@Test
	void wrapRoot_refusesAKeysetThatIsNotAead() throws IOException {
		Path hpke = Files.writeString(this.dir.resolve("submission.json"),
				Keysets.toSecretJson(Keysets.generate(Keysets.HPKE_TEMPLATE)));
		Path wrapped = this.dir.resolve("root.wrapped.json");

		int exit = run("keys", "wrap-root", "--kms-uri", this.kmsKeyUri, "--in", hpke.toString(), "--out",
				wrapped.toString());

		assertThat(exit).isEqualTo(1);
		assertThat(wrapped).doesNotExist();
		assertThat(this.err.toString()).contains("must be an AEAD keyset");
	}

	@Test
	void wrapRoot_refusesAKeysetThatIsWrappedAlready() {
		Path once = this.dir.resolve("once.json");
		assertThat(run("keys", "wrap-root", "--kms-uri", this.kmsKeyUri, "--generate", "--out", once.toString()))
			.isZero();
		Path twice = this.dir.resolve("twice.json");

		int exit = run("keys", "wrap-root", "--kms-uri", this.kmsKeyUri, "--in", once.toString(), "--out",
				twice.toString());

		assertThat(exit).isEqualTo(1);
		assertThat(twice).doesNotExist();
		assertThat(this.err.toString()).contains("wrapped by a KMS key");
	}

	@Test
	void wrapRoot_needsEitherAKeysetOrGenerate() {
		assertThat(run("keys", "wrap-root", "--kms-uri", this.kmsKeyUri, "--out", "x.json")).isEqualTo(2);
		assertThat(this.err.toString()).contains("--in").contains("--generate");
	}

	private int run(String... args) {
		this.out.getBuffer().setLength(0);
		this.err.getBuffer().setLength(0);
		return new CommandLine(new LatchkeyAdmin()).setOut(new PrintWriter(this.out, true))
			.setErr(new PrintWriter(this.err, true))
			.execute(args);
	}

	private KeysetHandle unwrap(Path wrapped) {
		return Keysets.loadWrapped("wrapped", null, wrapped, KmsKeys.aead("kms", this.kmsKeyUri, null),
				AssociatedData.forRootKeyset());
	}

}
