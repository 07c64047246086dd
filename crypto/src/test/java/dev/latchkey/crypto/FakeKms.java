package dev.latchkey.crypto;

import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KmsClient;
import com.google.crypto.tink.KmsClients;
import com.google.crypto.tink.RegistryConfiguration;

/**
 * A cloud KMS stand-in for tests: a Tink {@link KmsClient} for {@code fake-kms://<name>}
 * URIs, each name an AES-256-GCM key held in this JVM, registered with Tink's
 * {@link KmsClients} so that {@link KmsKeys#aead} finds it. Nothing goes over a network.
 * A key can be cut off to play a KMS that cannot be reached.
 */
public final class FakeKms implements KmsClient {

	public static final String PREFIX = "fake-kms://";

	private static final FakeKms INSTANCE = new FakeKms();

	static {
		KmsClients.add(INSTANCE);
	}

	private final Map<String, Aead> keys = new ConcurrentHashMap<>();

	private final Set<String> cutOff = ConcurrentHashMap.newKeySet();

	private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

	private FakeKms() {
	}

	/** A new key in the fake KMS, named by its URI. */
	public static String newKey() {
		String uri = PREFIX + "keys/" + UUID.randomUUID();
		try {
			INSTANCE.keys.put(uri,
					Keysets.generate(Keysets.AEAD_TEMPLATE).getPrimitive(RegistryConfiguration.get(), Aead.class));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
		return uri;
	}

	/** From now on every call with this key fails as if the KMS could not be reached. */
	public static void cutOff(String uri) {
		INSTANCE.cutOff.add(uri);
	}

	/** Encrypt and decrypt calls made with this key so far. */
	public static int calls(String uri) {
		AtomicInteger count = INSTANCE.calls.get(uri);
		return (count != null) ? count.get() : 0;
	}

	@Override
	public boolean doesSupport(String keyUri) {
		return keyUri != null && keyUri.startsWith(PREFIX);
	}

	@Override
	public KmsClient withCredentials(String credentialPath) {
		return this;
	}

	@Override
	public KmsClient withDefaultCredentials() {
		return this;
	}

	@Override
	public Aead getAead(String keyUri) throws GeneralSecurityException {
		if (!doesSupport(keyUri)) {
			throw new GeneralSecurityException("not a fake KMS key: " + keyUri);
		}
		return new Aead() {

			@Override
			public byte[] encrypt(byte[] plaintext, byte[] associatedData) throws GeneralSecurityException {
				return key(keyUri).encrypt(plaintext, associatedData);
			}

			@Override
			public byte[] decrypt(byte[] ciphertext, byte[] associatedData) throws GeneralSecurityException {
				return key(keyUri).decrypt(ciphertext, associatedData);
			}

		};
	}

	private Aead key(String keyUri) throws GeneralSecurityException {
		this.calls.computeIfAbsent(keyUri, (uri) -> new AtomicInteger()).incrementAndGet();
		if (this.cutOff.contains(keyUri)) {
			throw new GeneralSecurityException("fake KMS: connect timed out");
		}
		Aead key = this.keys.get(keyUri);
		if (key == null) {
			throw new GeneralSecurityException("fake KMS: key " + keyUri + " not found");
		}
		return key;
	}

}
