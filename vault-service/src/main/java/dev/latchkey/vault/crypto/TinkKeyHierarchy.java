package dev.latchkey.vault.crypto;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.SealingException;
import dev.latchkey.crypto.SecretFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Root keyset (AES256-GCM, loaded once) → tenant keyset (AES256-GCM, created on first
 * use, stored encrypted by the root AEAD) → a fresh data keyset per credential version
 * (stored wrapped by the tenant AEAD) → the secret.
 */
class TinkKeyHierarchy implements KeyHierarchy {

	private static final Logger logger = LoggerFactory.getLogger(TinkKeyHierarchy.class);

	static {
		try {
			AeadConfig.register();
		}
		catch (GeneralSecurityException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final Aead root;

	private final long rootKeyId;

	private final TenantKeyStore store;

	private final Clock clock;

	/** Tenant keys never change once stored, so an opened one can be kept. */
	private final Map<String, TenantKey> tenantKeys = new ConcurrentHashMap<>();

	/** Where the root keyset is loaded from, and stored to when it is rotated. */
	private final RootKeysetStore rootKeysets;

	TinkKeyHierarchy(RootKeysetStore rootKeysets, TenantKeyStore store, Clock clock) {
		KeysetHandle rootKeyset = rootKeysets.load();
		this.rootKeysets = rootKeysets;
		this.root = aeadOf(rootKeyset, "The root keyset");
		this.rootKeyId = Integer.toUnsignedLong(rootKeyset.getPrimary().getId());
		this.store = store;
		this.clock = clock;
	}

	/** A root keyset held in memory only (tests). */
	TinkKeyHierarchy(KeysetHandle rootKeyset, TenantKeyStore store, Clock clock) {
		this(RootKeysetStore.inMemory(rootKeyset), store, clock);
	}

	@Override
	public Mono<Envelope> encrypt(StoredVersion where, SecretFields secret) {
		return tenantKey(where.tenantId()).map((tenant) -> encrypt(tenant, where, secret));
	}

	@Override
	public Mono<SecretFields> decrypt(StoredVersion where, Envelope envelope) {
		return tenantKey(where.tenantId()).map((tenant) -> decrypt(tenant, where, envelope));
	}

	private Envelope encrypt(TenantKey tenant, StoredVersion where, SecretFields secret) {
		byte[] associatedData = where.associatedData().bytes();
		KeysetHandle dataKeyset = Keysets.generate(Keysets.AEAD_TEMPLATE);
		byte[] plaintext = secret.encode();
		try {
			byte[] ciphertext = aeadOf(dataKeyset, "A data keyset").encrypt(plaintext, associatedData);
			byte[] wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(dataKeyset, tenant.aead(), associatedData);
			return new Envelope(ciphertext, wrapped, tenant.rootKeyId(), tenant.tenantKeyId());
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException("Cannot encrypt the credential of " + where, ex);
		}
		finally {
			Arrays.fill(plaintext, (byte) 0);
		}
	}

	private SecretFields decrypt(TenantKey tenant, StoredVersion where, Envelope envelope) {
		byte[] associatedData = where.associatedData().bytes();
		byte[] plaintext;
		try {
			KeysetHandle dataKeyset = TinkProtoKeysetFormat.parseEncryptedKeyset(envelope.wrappedDataKey(),
					tenant.aead(), associatedData);
			plaintext = aeadOf(dataKeyset, "A data keyset").decrypt(envelope.ciphertext(), associatedData);
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException("Cannot decrypt the stored credential of " + where
					+ ": wrong tenant key, envelope of another record, or altered ciphertext", ex);
		}
		try {
			return SecretFields.decode(plaintext);
		}
		finally {
			Arrays.fill(plaintext, (byte) 0);
		}
	}

	private Mono<TenantKey> tenantKey(String tenantId) {
		TenantKey cached = this.tenantKeys.get(tenantId);
		if (cached != null) {
			return Mono.just(cached);
		}
		return this.store.find(tenantId)
			.switchIfEmpty(Mono.defer(() -> this.store.createOrGet(newTenantKey(tenantId))))
			.map((stored) -> {
				TenantKey opened = open(stored);
				TenantKey earlier = this.tenantKeys.putIfAbsent(tenantId, opened);
				return (earlier != null) ? earlier : opened;
			});
	}

	private TenantKeyRecord newTenantKey(String tenantId) {
		KeysetHandle keyset = Keysets.generate(Keysets.AEAD_TEMPLATE);
		try {
			byte[] encrypted = TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, this.root,
					tenantKeyAssociatedData(tenantId));
			logger.info("Creating the key of tenant {}", tenantId);
			return new TenantKeyRecord(tenantId, encrypted, this.rootKeyId,
					Integer.toUnsignedLong(keyset.getPrimary().getId()),
					this.clock.instant().truncatedTo(ChronoUnit.MILLIS));
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException("Cannot wrap the new key of tenant " + tenantId, ex);
		}
	}

	private TenantKey open(TenantKeyRecord stored) {
		try {
			KeysetHandle keyset = TinkProtoKeysetFormat.parseEncryptedKeyset(stored.encryptedKeyset(), this.root,
					tenantKeyAssociatedData(stored.tenantId()));
			return new TenantKey(aeadOf(keyset, "The tenant keyset of " + stored.tenantId()), stored.rootKeyId(),
					Integer.toUnsignedLong(keyset.getPrimary().getId()));
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException("Cannot open the key of tenant " + stored.tenantId() + " (root key "
					+ stored.rootKeyId() + "): wrong root keyset or altered record", ex);
		}
	}

	private static byte[] tenantKeyAssociatedData(String tenantId) {
		return AssociatedData.of("tenant-key", tenantId).bytes();
	}

	private static Aead aeadOf(KeysetHandle keyset, String what) {
		try {
			return keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException(what + " is not an AEAD keyset", ex);
		}
	}

	private record TenantKey(Aead aead, long rootKeyId, long tenantKeyId) {

	}

}
