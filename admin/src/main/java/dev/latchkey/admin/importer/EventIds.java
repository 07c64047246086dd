package dev.latchkey.admin.importer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Deterministic event ids: the same source row with the same content gives the same
 * {@code CredentialReceived} event id on every run, so the vault — which applies an event
 * id once — stores it once however often it is published; changed content gives a new id
 * and so a new version.
 * <p>
 * The id is a keyed hash (HMAC-SHA256, shaped as a UUID) because the content includes
 * secrets and the id travels in the clear: without the key nobody can test a guessed
 * secret against it. The key is {@code LATCHKEY_IMPORT_SECRET} if set, else derived from
 * the legacy keys (stable as long as they are), else a random key kept next to the
 * checkpoint (plaintext exports have no legacy key).
 */
final class EventIds {

	static final String SECRET_VARIABLE = "LATCHKEY_IMPORT_SECRET";

	private static final byte[] DOMAIN = "latchkey import event id v1".getBytes(StandardCharsets.UTF_8);

	private final Mac mac;

	EventIds(byte[] key) {
		try {
			this.mac = Mac.getInstance("HmacSHA256");
			this.mac.init(new SecretKeySpec(key, "HmacSHA256"));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every Java runtime", ex);
		}
	}

	/**
	 * The key as documented: the variable, else the legacy keys, else the checkpoint's
	 * own.
	 */
	static EventIds create(Map<String, String> environment, LegacyKeys keys, Checkpoint checkpoint, boolean dryRun) {
		String secret = environment.get(SECRET_VARIABLE);
		if (secret != null && !secret.isBlank()) {
			return new EventIds(sha256(secret.strip().getBytes(StandardCharsets.UTF_8)));
		}
		return new EventIds(keys.any() ? keys.fingerprint() : checkpoint.ownKey(!dryRun));
	}

	String of(SourceKind source, String rowId, String tenant, String provider, String name, Map<String, String> fields,
			Instant expiresAt) {
		this.mac.update(DOMAIN);
		part(source.id());
		part(rowId);
		part(tenant);
		part(provider);
		part(name);
		part((expiresAt != null) ? Long.toString(expiresAt.toEpochMilli()) : "");
		Map<String, String> sorted = new TreeMap<>(fields);
		part(Integer.toString(sorted.size()));
		sorted.forEach((field, value) -> {
			part(field);
			part(value);
		});
		ByteBuffer hash = ByteBuffer.wrap(this.mac.doFinal());
		long high = hash.getLong();
		long low = hash.getLong();
		// RFC 9562 version 8 (custom) and the RFC variant: an ordinary-looking UUID.
		high = (high & ~0xF000L) | 0x8000L;
		low = (low & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new UUID(high, low).toString();
	}

	private void part(String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		this.mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
		this.mac.update(bytes);
	}

	private static byte[] sha256(byte[] input) {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(DOMAIN);
			return digest.digest(input);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

}
