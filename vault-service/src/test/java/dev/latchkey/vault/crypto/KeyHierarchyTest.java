package dev.latchkey.vault.crypto;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.SealingException;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.vault.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class KeyHierarchyTest {

	private final KeysetHandle rootKeyset = Fixtures.anAeadKeyset();

	private final InMemoryTenantKeyStore tenantKeys = new InMemoryTenantKeyStore();

	private final KeyHierarchy keys = new TinkKeyHierarchy(this.rootKeyset, this.tenantKeys, Fixtures.aFixedClock());

	private final StoredVersion where = new StoredVersion("t1", "int_a", 1);

	@Test
	void decrypt_returnsWhatWasEncrypted() {
		SecretFields secret = Fixtures.aDemoKey();
		Envelope envelope = this.keys.encrypt(this.where, secret).block();
		StepVerifier.create(this.keys.decrypt(this.where, envelope)).expectNext(secret).verifyComplete();
	}

	@Test
	void encrypt_leavesNoPlaintextInTheEnvelopeAndRecordsKeyIds() {
		SecretFields secret = Fixtures.aDemoKey();
		Envelope envelope = this.keys.encrypt(this.where, secret).block();
		String canary = secret.value("apiKey");
		assertThat(new String(envelope.ciphertext(), StandardCharsets.ISO_8859_1)).doesNotContain(canary);
		assertThat(new String(envelope.wrappedDataKey(), StandardCharsets.ISO_8859_1)).doesNotContain(canary);
		assertThat(envelope.rootKeyId()).isEqualTo(Integer.toUnsignedLong(this.rootKeyset.getPrimary().getId()));
		assertThat(envelope.tenantKeyId()).isEqualTo(this.tenantKeys.keys.get("t1").tenantKeyId());
	}

	@Test
	void encrypt_usesAFreshDataKeyForEachVersion() {
		SecretFields secret = Fixtures.aDemoKey();
		Envelope first = this.keys.encrypt(this.where, secret).block();
		Envelope second = this.keys.encrypt(this.where, secret).block();
		assertThat(first.wrappedDataKey()).isNotEqualTo(second.wrappedDataKey());
		assertThat(first.ciphertext()).isNotEqualTo(second.ciphertext());
	}

	@Test
	void decrypt_failsForAnEnvelopeMovedToAnotherVersion() {
		Envelope envelope = this.keys.encrypt(this.where, Fixtures.aDemoKey()).block();
		assertMovedEnvelopeFails(envelope, new StoredVersion("t1", "int_a", 2));
	}

	@Test
	void decrypt_failsForAnEnvelopeMovedToAnotherIntegration() {
		Envelope envelope = this.keys.encrypt(this.where, Fixtures.aDemoKey()).block();
		assertMovedEnvelopeFails(envelope, new StoredVersion("t1", "int_b", 1));
	}

	@Test
	void decrypt_failsForAnEnvelopeMovedToAnotherTenant() {
		Envelope envelope = this.keys.encrypt(this.where, Fixtures.aDemoKey()).block();
		this.keys.encrypt(new StoredVersion("t2", "int_a", 1), Fixtures.aDemoKey()).block();
		assertMovedEnvelopeFails(envelope, new StoredVersion("t2", "int_a", 1));
	}

	@Test
	void decrypt_failsForADataKeyFromAnotherRecord() {
		Envelope mine = this.keys.encrypt(this.where, Fixtures.aDemoKey()).block();
		Envelope other = this.keys.encrypt(new StoredVersion("t1", "int_b", 1), Fixtures.aDemoKey()).block();
		Envelope swapped = new Envelope(mine.ciphertext(), other.wrappedDataKey(), mine.rootKeyId(),
				mine.tenantKeyId());
		assertMovedEnvelopeFails(swapped, this.where);
	}

	@Test
	void decrypt_failsForAlteredCiphertext() {
		Envelope envelope = this.keys.encrypt(this.where, Fixtures.aDemoKey()).block();
		byte[] altered = envelope.ciphertext();
		altered[altered.length - 1] ^= 1;
		assertMovedEnvelopeFails(
				new Envelope(altered, envelope.wrappedDataKey(), envelope.rootKeyId(), envelope.tenantKeyId()),
				this.where);
	}

	@Test
	void tenantKey_isCreatedOnceAndReused() {
		this.keys.encrypt(this.where, Fixtures.aDemoKey()).block();
		this.keys.encrypt(new StoredVersion("t1", "int_b", 1), Fixtures.aDemoKey()).block();
		KeyHierarchy restarted = new TinkKeyHierarchy(this.rootKeyset, this.tenantKeys, Fixtures.aFixedClock());
		Envelope envelope = restarted.encrypt(new StoredVersion("t1", "int_c", 1), Fixtures.aDemoKey()).block();
		assertThat(this.tenantKeys.creations).hasValue(1);
		assertThat(this.keys.decrypt(new StoredVersion("t1", "int_c", 1), envelope).block()).isNotNull();
		this.keys.encrypt(new StoredVersion("t2", "int_d", 1), Fixtures.aDemoKey()).block();
		assertThat(this.tenantKeys.creations).hasValue(2);
	}

	@Test
	void tenantKey_createdConcurrentlyConvergesOnTheStoredOne() {
		Envelope first = this.keys.encrypt(this.where, Fixtures.aDemoKey()).block();
		KeyHierarchy racer = new TinkKeyHierarchy(this.rootKeyset, this.tenantKeys, Fixtures.aFixedClock());
		// The racer looked before the first key was stored, so it makes its own
		// candidate.
		this.tenantKeys.missNextReads(1);
		Envelope second = racer.encrypt(new StoredVersion("t1", "int_b", 1), Fixtures.aDemoKey()).block();
		assertThat(this.tenantKeys.creations).hasValue(1);
		assertThat(second.tenantKeyId()).isEqualTo(first.tenantKeyId());
		assertThat(racer.decrypt(this.where, first).block()).isNotNull();
		assertThat(this.keys.decrypt(new StoredVersion("t1", "int_b", 1), second).block()).isNotNull();
	}

	@Test
	void anotherInstancesRootRotation_isPickedUpFromTheKeysetFile(@TempDir Path dir) throws Exception {
		Path file = dir.resolve("root.json");
		Files.writeString(file, Keysets.toSecretJson(this.rootKeyset));
		TinkKeyHierarchy rotating = new TinkKeyHierarchy(RootKeysetFile.plaintext("root", null, file), this.tenantKeys,
				Fixtures.aFixedClock(), Duration.ZERO);
		TinkKeyHierarchy other = new TinkKeyHierarchy(RootKeysetFile.plaintext("root", null, file), this.tenantKeys,
				Fixtures.aFixedClock(), Duration.ZERO);
		SecretFields secret = Fixtures.aDemoKey();
		Envelope envelope = other.encrypt(this.where, secret).block();

		long newRoot = rotating.rotateRoot();
		assertThat(rotating.rewrapTenantKey("t1").block()).isTrue();
		assertThat(rotating.disableOldRootKeys()).hasSize(1);

		assertThat(this.tenantKeys.keys.get("t1").rootKeyId()).isEqualTo(newRoot);
		assertThat(other.decrypt(this.where, envelope).block()).isEqualTo(secret);
		assertThat(other.rootPrimaryKeyId()).isEqualTo(newRoot);
	}

	@Test
	void rewrap_putsTheDataKeyUnderTheNewTenantKey_andAnotherInstanceOpensIt() {
		TinkKeyHierarchy keys = new TinkKeyHierarchy(this.rootKeyset, this.tenantKeys, Fixtures.aFixedClock());
		KeyHierarchy other = new TinkKeyHierarchy(this.rootKeyset, this.tenantKeys, Fixtures.aFixedClock());
		SecretFields secret = Fixtures.aDemoKey();
		Envelope old = keys.encrypt(this.where, secret).block();
		other.decrypt(this.where, old).block();

		long primary = keys.rotateTenant("t1").block();
		Envelope rewrapped = keys.rewrap(this.where, old).block();

		assertThat(rewrapped.tenantKeyId()).isEqualTo(primary).isNotEqualTo(old.tenantKeyId());
		assertThat(rewrapped.ciphertext()).isEqualTo(old.ciphertext());
		assertThat(keys.rewrap(this.where, rewrapped).block()).isSameAs(rewrapped);
		// The other instance holds the tenant keyset from before the rotation.
		assertThat(other.decrypt(this.where, rewrapped).block()).isEqualTo(secret);
		assertThat(keys.disableOldTenantKeys("t1").block()).containsExactly(old.tenantKeyId());
		assertThatExceptionOfType(SealingException.class).isThrownBy(() -> keys.decrypt(this.where, old).block());
	}

	@Test
	void destroyedTenantKey_opensNothing_andIsNotReplacedByANewOne() {
		TinkKeyHierarchy keys = new TinkKeyHierarchy(this.rootKeyset, this.tenantKeys, Fixtures.aFixedClock());
		Envelope envelope = keys.encrypt(this.where, Fixtures.aDemoKey()).block();

		assertThat(keys.destroyTenantKey("t1").block()).isTrue();
		assertThat(keys.destroyTenantKey("t1").block()).isFalse();

		assertThatExceptionOfType(SealingException.class).isThrownBy(() -> keys.decrypt(this.where, envelope).block());
		assertThatExceptionOfType(SealingException.class)
			.isThrownBy(() -> keys.encrypt(this.where, Fixtures.aDemoKey()).block());
		assertThat(this.tenantKeys.creations).hasValue(1);
	}

	@Test
	void boundEnvelope_failsWhenAPublicFieldTheProviderOrTheNameIsEdited() {
		StoredVersion bound = new StoredVersion("t1", "int_a", 3, "demo", "default", Map.of("account", "acme"));
		Envelope envelope = this.keys.encrypt(bound, Fixtures.aDemoKey()).block();

		assertThat(envelope.format()).isEqualTo(Envelope.BOUND);
		assertThat(this.keys.decrypt(bound, envelope).block()).isNotNull();
		assertMovedEnvelopeFails(envelope,
				new StoredVersion("t1", "int_a", 3, "demo", "default", Map.of("account", "evil")));
		assertMovedEnvelopeFails(envelope,
				new StoredVersion("t1", "int_a", 3, "demo", "default", Map.of("account", "acme", "extra", "x")));
		assertMovedEnvelopeFails(envelope,
				new StoredVersion("t1", "int_a", 3, "stripe", "default", Map.of("account", "acme")));
		assertMovedEnvelopeFails(envelope,
				new StoredVersion("t1", "int_a", 2, "demo", "default", Map.of("account", "acme")));
		assertMovedEnvelopeFails(envelope, new StoredVersion("t1", "int_a", 3));
	}

	@Test
	void legacyEnvelope_stillOpensWithThePublicFieldsGiven() {
		Envelope legacy = this.keys.encrypt(this.where, Fixtures.aDemoKey()).block();
		StoredVersion withFields = new StoredVersion("t1", "int_a", 1, "demo", "default", Map.of("a", "b"));

		assertThat(legacy.format()).isEqualTo(Envelope.LEGACY);
		assertThat(this.keys.decrypt(withFields, legacy).block()).isNotNull();
	}

	@Test
	void tenantKey_isStoredEncryptedByTheRootKeyForThatTenant() throws Exception {
		this.keys.encrypt(this.where, Fixtures.aDemoKey()).block();
		TenantKeyRecord stored = this.tenantKeys.keys.get("t1");
		Aead root = this.rootKeyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
		KeysetHandle tenantKeyset = TinkProtoKeysetFormat.parseEncryptedKeyset(stored.encryptedKeyset(), root,
				AssociatedData.of("tenant-key", "t1").bytes());
		assertThat(Integer.toUnsignedLong(tenantKeyset.getPrimary().getId())).isEqualTo(stored.tenantKeyId());
		assertThatExceptionOfType(java.security.GeneralSecurityException.class).isThrownBy(() -> TinkProtoKeysetFormat
			.parseEncryptedKeyset(stored.encryptedKeyset(), root, AssociatedData.of("tenant-key", "t2").bytes()));
	}

	@Test
	void tenantKey_cannotBeOpenedWithAnotherRootKey() {
		Envelope envelope = this.keys.encrypt(this.where, Fixtures.aDemoKey()).block();
		KeyHierarchy otherRoot = new TinkKeyHierarchy(Fixtures.anAeadKeyset(), this.tenantKeys, Fixtures.aFixedClock());
		StepVerifier.create(otherRoot.decrypt(this.where, envelope))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(SealingException.class)
				.hasMessageContaining("tenant t1")
				.hasMessageContaining("root key"))
			.verify();
	}

	private void assertMovedEnvelopeFails(Envelope envelope, StoredVersion elsewhere) {
		StepVerifier.create(this.keys.decrypt(elsewhere, envelope))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(SealingException.class)
				.hasMessageContaining(elsewhere.integrationId()))
			.verify();
	}

}
