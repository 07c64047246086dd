package dev.latchkey.vault.crypto;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeyStatus;
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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Root keyset (AES256-GCM) → tenant keyset (AES256-GCM, created on first use, stored
 * encrypted by the root AEAD) → a fresh data keyset per credential version (stored
 * wrapped by the tenant AEAD) → the secret.
 * <p>
 * Keysets may hold several keys: the primary wraps, any enabled key unwraps, so a
 * rotation adds a primary and rewraps at leisure. An opened tenant keyset is kept for
 * {@code tenantKeyTtl} (so a rotation made by another instance is used for new versions
 * within that time, and a key destroyed by another instance stops working within it), and
 * read again at once when an envelope names a tenant key it does not hold; the root
 * keyset is read again when a tenant key names a root key it does not hold.
 */
class TinkKeyHierarchy implements KeyHierarchy, KeyRotation {

	private static final Logger logger = LoggerFactory.getLogger(TinkKeyHierarchy.class);

	static final Duration DEFAULT_TENANT_KEY_TTL = Duration.ofMinutes(1);

	static {
		try {
			AeadConfig.register();
		}
		catch (GeneralSecurityException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	private final RootKeysetStore rootKeyset;

	private volatile Root root;

	private final TenantKeyStore store;

	private final Clock clock;

	private final Duration tenantKeyTtl;

	private final Map<String, TenantKey> tenantKeys = new ConcurrentHashMap<>();

	TinkKeyHierarchy(KeysetHandle rootKeyset, TenantKeyStore store, Clock clock) {
		this(RootKeysetStore.inMemory(rootKeyset), store, clock, DEFAULT_TENANT_KEY_TTL);
	}

	TinkKeyHierarchy(RootKeysetStore rootKeyset, TenantKeyStore store, Clock clock) {
		this(rootKeyset, store, clock, DEFAULT_TENANT_KEY_TTL);
	}

	TinkKeyHierarchy(RootKeysetStore rootKeyset, TenantKeyStore store, Clock clock, Duration tenantKeyTtl) {
		this.rootKeyset = rootKeyset;
		this.root = Root.of(rootKeyset.load());
		this.store = store;
		this.clock = clock;
		this.tenantKeyTtl = tenantKeyTtl;
	}

	@Override
	public Mono<Envelope> encrypt(StoredVersion where, SecretFields secret) {
		return tenantKey(where.tenantId(), -1).map((tenant) -> encrypt(tenant, where, secret));
	}

	@Override
	public Mono<SecretFields> decrypt(StoredVersion where, Envelope envelope) {
		return tenantKey(where.tenantId(), envelope.tenantKeyId()).map((tenant) -> decrypt(tenant, where, envelope));
	}

	private Envelope encrypt(TenantKey tenant, StoredVersion where, SecretFields secret) {
		int format = where.format();
		byte[] associatedData = where.associatedData(format).bytes();
		KeysetHandle dataKeyset = Keysets.generate(Keysets.AEAD_TEMPLATE);
		byte[] plaintext = secret.encode();
		try {
			byte[] ciphertext = aeadOf(dataKeyset, "A data keyset").encrypt(plaintext, associatedData);
			byte[] wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(dataKeyset, tenant.aead(), associatedData);
			return new Envelope(ciphertext, wrapped, tenant.rootKeyId(), tenant.primaryId(), format);
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException("Cannot encrypt the credential of " + where, ex);
		}
		finally {
			Arrays.fill(plaintext, (byte) 0);
		}
	}

	private SecretFields decrypt(TenantKey tenant, StoredVersion where, Envelope envelope) {
		byte[] associatedData = associatedData(where, envelope);
		byte[] plaintext;
		try {
			KeysetHandle dataKeyset = unwrap(tenant, envelope, associatedData);
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

	private static byte[] associatedData(StoredVersion where, Envelope envelope) {
		try {
			return where.associatedData(envelope.format()).bytes();
		}
		catch (IllegalArgumentException ex) {
			throw new SealingException("Cannot open the stored credential of " + where + ": " + ex.getMessage(), ex);
		}
	}

	private static KeysetHandle unwrap(TenantKey tenant, Envelope envelope, byte[] associatedData)
			throws GeneralSecurityException {
		if (envelope.wrappedDataKey().length == 0) {
			throw new GeneralSecurityException("the data key was destroyed");
		}
		return TinkProtoKeysetFormat.parseEncryptedKeyset(envelope.wrappedDataKey(), tenant.aead(), associatedData);
	}

	@Override
	public Mono<Envelope> rewrap(StoredVersion where, Envelope envelope) {
		return tenantKey(where.tenantId(), envelope.tenantKeyId()).map((tenant) -> {
			if (envelope.tenantKeyId() == tenant.primaryId()) {
				return envelope;
			}
			byte[] associatedData = associatedData(where, envelope);
			try {
				KeysetHandle dataKeyset = unwrap(tenant, envelope, associatedData);
				byte[] wrapped = TinkProtoKeysetFormat.serializeEncryptedKeyset(dataKeyset, tenant.aead(),
						associatedData);
				return new Envelope(envelope.ciphertext(), wrapped, tenant.rootKeyId(), tenant.primaryId(),
						envelope.format());
			}
			catch (GeneralSecurityException ex) {
				throw new SealingException("Cannot rewrap the data key of " + where
						+ ": wrong tenant key, envelope of another record, or altered record", ex);
			}
		});
	}

	/**
	 * The tenant's opened keyset: the cached one while fresh and holding
	 * {@code neededKeyId} (or any key, when it is negative), else read again.
	 */
	private Mono<TenantKey> tenantKey(String tenantId, long neededKeyId) {
		TenantKey cached = this.tenantKeys.get(tenantId);
		if (cached != null && isFresh(cached) && (neededKeyId < 0 || cached.ids().contains(neededKeyId))) {
			return Mono.just(cached);
		}
		return this.store.find(tenantId)
			.switchIfEmpty(Mono.defer(() -> this.store.createOrGet(newTenantKey(tenantId))))
			.map((stored) -> {
				TenantKey opened = open(stored);
				this.tenantKeys.put(tenantId, opened);
				return opened;
			});
	}

	private boolean isFresh(TenantKey key) {
		return key.openedAt().plus(this.tenantKeyTtl).isAfter(this.clock.instant());
	}

	private TenantKeyRecord newTenantKey(String tenantId) {
		KeysetHandle keyset = Keysets.generate(Keysets.AEAD_TEMPLATE);
		logger.info("Creating the key of tenant {}", tenantId);
		return wrapTenantKeyset(tenantId, keyset, now());
	}

	private TenantKeyRecord wrapTenantKeyset(String tenantId, KeysetHandle keyset, Instant createdAt) {
		Root current = this.root;
		try {
			byte[] encrypted = TinkProtoKeysetFormat.serializeEncryptedKeyset(keyset, current.aead(),
					tenantKeyAssociatedData(tenantId));
			return new TenantKeyRecord(tenantId, encrypted, current.primaryId(), primaryId(keyset), createdAt);
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException("Cannot wrap the key of tenant " + tenantId, ex);
		}
	}

	private TenantKey open(TenantKeyRecord stored) {
		KeysetHandle keyset = openKeyset(stored);
		return new TenantKey(aeadOf(keyset, "The tenant keyset of " + stored.tenantId()), stored.rootKeyId(),
				primaryId(keyset), enabledIds(keyset), this.clock.instant());
	}

	private KeysetHandle openKeyset(TenantKeyRecord stored) {
		if (stored.isDestroyed()) {
			throw new SealingException("The key of tenant " + stored.tenantId() + " was destroyed (tenant offboarded)");
		}
		if (!this.root.ids().contains(stored.rootKeyId())) {
			reloadRoot(stored.rootKeyId());
		}
		try {
			return TinkProtoKeysetFormat.parseEncryptedKeyset(stored.encryptedKeyset(), this.root.aead(),
					tenantKeyAssociatedData(stored.tenantId()));
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException("Cannot open the key of tenant " + stored.tenantId() + " (root key "
					+ stored.rootKeyId() + "): wrong or disabled root key, or altered record", ex);
		}
	}

	/** Another instance rotated the root: read the keyset again. */
	private synchronized void reloadRoot(long neededKeyId) {
		if (this.root.ids().contains(neededKeyId)) {
			return;
		}
		Root reloaded = Root.of(this.rootKeyset.load());
		if (reloaded.ids().contains(neededKeyId)) {
			logger.info("Read the root keyset again: root key {} is now primary", reloaded.primaryId());
		}
		this.root = reloaded;
	}

	@Override
	public synchronized long rotateRoot() {
		KeysetHandle rotated = withNewPrimary(this.root.keyset());
		this.rootKeyset.store(rotated);
		this.root = Root.of(rotated);
		logger.info("Rotated the root key: {} is now primary", this.root.primaryId());
		return this.root.primaryId();
	}

	@Override
	public long rootPrimaryKeyId() {
		return this.root.primaryId();
	}

	@Override
	public Mono<Long> rotateTenant(String tenantId) {
		return this.store.find(tenantId).flatMap((stored) -> {
			KeysetHandle rotated = withNewPrimary(openKeyset(stored));
			TenantKeyRecord next = wrapTenantKeyset(tenantId, rotated, stored.createdAt());
			return this.store.replace(stored, next).flatMap((replaced) -> {
				if (!replaced) {
					return Mono.error(new SealingException(
							"The key of tenant " + tenantId + " changed while it was rotated: run the rotation again",
							null));
				}
				this.tenantKeys.remove(tenantId);
				logger.info("Rotated the key of tenant {}: {} is now primary", tenantId, next.tenantKeyId());
				return Mono.just(next.tenantKeyId());
			});
		});
	}

	@Override
	public Mono<Long> tenantPrimaryKeyId(String tenantId) {
		return this.store.find(tenantId).map(TenantKeyRecord::tenantKeyId);
	}

	@Override
	public Flux<String> tenantsNotWrappedBy(long rootKeyId, String afterTenantId, int limit) {
		return this.store.notWrappedBy(rootKeyId, afterTenantId, limit);
	}

	@Override
	public Mono<Long> countTenantsNotWrappedBy(long rootKeyId) {
		return this.store.countNotWrappedBy(rootKeyId);
	}

	@Override
	public Mono<Boolean> rewrapTenantKey(String tenantId) {
		return this.store.find(tenantId).flatMap((stored) -> {
			if (stored.isDestroyed() || stored.rootKeyId() == this.root.primaryId()) {
				return Mono.just(false);
			}
			TenantKeyRecord next = wrapTenantKeyset(tenantId, openKeyset(stored), stored.createdAt());
			return this.store.replace(stored, next);
		}).defaultIfEmpty(false);
	}

	@Override
	public synchronized List<Long> disableOldRootKeys() {
		KeysetHandle keyset = this.root.keyset();
		List<Long> disabled = oldEnabledIds(keyset);
		if (!disabled.isEmpty()) {
			KeysetHandle next = withOldKeysDisabled(keyset);
			this.rootKeyset.store(next);
			this.root = Root.of(next);
			logger.info("Disabled root keys {}; {} is primary", disabled, this.root.primaryId());
		}
		return disabled;
	}

	@Override
	public Mono<List<Long>> disableOldTenantKeys(String tenantId) {
		return this.store.find(tenantId).flatMap((stored) -> {
			KeysetHandle keyset = openKeyset(stored);
			List<Long> disabled = oldEnabledIds(keyset);
			if (disabled.isEmpty()) {
				return Mono.just(disabled);
			}
			TenantKeyRecord next = wrapTenantKeyset(tenantId, withOldKeysDisabled(keyset), stored.createdAt());
			return this.store.replace(stored, next).flatMap((replaced) -> {
				if (!replaced) {
					return Mono.error(new SealingException(
							"The key of tenant " + tenantId + " changed meanwhile: run the command again", null));
				}
				this.tenantKeys.remove(tenantId);
				logger.info("Disabled keys {} of tenant {}", disabled, tenantId);
				return Mono.just(disabled);
			});
		}).defaultIfEmpty(List.of());
	}

	@Override
	public List<KeyState> rootKeys() {
		return states(this.root.keyset());
	}

	@Override
	public Mono<List<KeyState>> tenantKeys(String tenantId) {
		return this.store.find(tenantId)
			.filter((stored) -> !stored.isDestroyed())
			.map((stored) -> states(openKeyset(stored)));
	}

	@Override
	public Mono<Boolean> destroyTenantKey(String tenantId) {
		return this.store.destroy(tenantId, now()).doOnNext((destroyed) -> {
			this.tenantKeys.remove(tenantId);
			if (destroyed) {
				logger.info("Destroyed the key of tenant {}", tenantId);
			}
		});
	}

	private static List<KeyState> states(KeysetHandle keyset) {
		List<KeyState> states = new ArrayList<>();
		for (int i = 0; i < keyset.size(); i++) {
			KeysetHandle.Entry entry = keyset.getAt(i);
			KeyState state = new KeyState(Integer.toUnsignedLong(entry.getId()), entry.isPrimary(),
					entry.getStatus().toString());
			if (entry.isPrimary()) {
				states.add(0, state);
			}
			else {
				states.add(state);
			}
		}
		return states;
	}

	private static KeysetHandle withNewPrimary(KeysetHandle keyset) {
		try {
			return KeysetHandle.newBuilder(keyset)
				.addEntry(KeysetHandle.generateEntryFromParametersName(Keysets.AEAD_TEMPLATE)
					.withRandomId()
					.makePrimary())
				.build();
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException("Cannot add a key to the keyset", ex);
		}
	}

	private static KeysetHandle withOldKeysDisabled(KeysetHandle keyset) {
		KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
		for (int i = 0; i < builder.size(); i++) {
			if (!builder.getAt(i).isPrimary()) {
				builder.getAt(i).setStatus(KeyStatus.DISABLED);
			}
		}
		try {
			return builder.build();
		}
		catch (GeneralSecurityException ex) {
			throw new SealingException("Cannot disable the old keys of the keyset", ex);
		}
	}

	private static List<Long> oldEnabledIds(KeysetHandle keyset) {
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < keyset.size(); i++) {
			KeysetHandle.Entry entry = keyset.getAt(i);
			if (!entry.isPrimary() && entry.getStatus() == KeyStatus.ENABLED) {
				ids.add(Integer.toUnsignedLong(entry.getId()));
			}
		}
		return ids;
	}

	private static Set<Long> enabledIds(KeysetHandle keyset) {
		Set<Long> ids = new HashSet<>();
		for (int i = 0; i < keyset.size(); i++) {
			if (keyset.getAt(i).getStatus() == KeyStatus.ENABLED) {
				ids.add(Integer.toUnsignedLong(keyset.getAt(i).getId()));
			}
		}
		return Set.copyOf(ids);
	}

	private static long primaryId(KeysetHandle keyset) {
		return Integer.toUnsignedLong(keyset.getPrimary().getId());
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

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	private record Root(KeysetHandle keyset, Aead aead, long primaryId, Set<Long> ids) {

		static Root of(KeysetHandle keyset) {
			return new Root(keyset, aeadOf(keyset, "The root keyset"), TinkKeyHierarchy.primaryId(keyset),
					enabledIds(keyset));
		}

	}

	private record TenantKey(Aead aead, long rootKeyId, long primaryId, Set<Long> ids, Instant openedAt) {

	}

}
