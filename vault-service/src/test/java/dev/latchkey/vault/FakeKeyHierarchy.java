package dev.latchkey.vault;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.latchkey.crypto.SealingException;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.vault.crypto.Envelope;
import dev.latchkey.vault.crypto.KeyHierarchy;
import dev.latchkey.vault.crypto.StoredVersion;
import reactor.core.publisher.Mono;

/**
 * Keeps secrets in memory behind opaque handles, and like the real hierarchy refuses an
 * envelope read for another record.
 */
public class FakeKeyHierarchy implements KeyHierarchy {

	private final Map<String, SecretFields> secrets = new ConcurrentHashMap<>();

	@Override
	public Mono<Envelope> encrypt(StoredVersion where, SecretFields secret) {
		String handle = UUID.randomUUID().toString();
		this.secrets.put(handle, secret);
		return Mono.just(new Envelope(handle.getBytes(StandardCharsets.UTF_8), bind(where), 1, 2));
	}

	@Override
	public Mono<SecretFields> decrypt(StoredVersion where, Envelope envelope) {
		return Mono.fromCallable(() -> {
			SecretFields secret = this.secrets.get(new String(envelope.ciphertext(), StandardCharsets.UTF_8));
			if (secret == null || !Arrays.equals(envelope.wrappedDataKey(), bind(where))) {
				throw new SealingException("Cannot decrypt the stored credential of " + where);
			}
			return secret;
		});
	}

	/** Like the real one: everything of the record, public fields too. */
	private static byte[] bind(StoredVersion where) {
		String fields = (where.publicFields() != null) ? new java.util.TreeMap<>(where.publicFields()).toString() : "";
		return (where + "|" + where.provider() + "|" + where.name() + "|" + fields).getBytes(StandardCharsets.UTF_8);
	}

}
