package dev.latchkey.bench.profile;

import java.util.List;
import java.util.Set;

/**
 * What a CPU sample was doing, judged by the classes on its stack: Tink's HPKE opening (a
 * submission in the vault, a lease in the scanner) or sealing (a submission in the
 * collector, a lease in the vault), keyset handling (generating a data keyset, wrapping
 * and unwrapping keysets under the root or a tenant key), AEAD (encrypting or decrypting
 * a secret), any other Tink code (X25519 arithmetic whose caller was cut off, registries,
 * parsing), or something else. The first kind that matches wins, in that order: HPKE and
 * keyset work run AEAD inside them.
 */
enum SampleKind {

	HPKE_OPEN, HPKE_SEAL, KEYSET, AEAD, OTHER_TINK, NOT_CRYPTO;

	private static final String TINK = "com.google.crypto.tink.";

	/** Keyset generation, serialisation and its encryption (wrapping). */
	private static final Set<String> KEYSET_CLASSES = Set.of(TINK + "KeysetHandle", TINK + "TinkProtoKeysetFormat",
			TINK + "CleartextKeysetHandle", TINK + "LegacyKeysetSerialization", TINK + "KeysetManager",
			TINK + "BinaryKeysetReader", TINK + "BinaryKeysetWriter", TINK + "JsonKeysetReader",
			TINK + "JsonKeysetWriter", TINK + "TinkJsonProtoKeysetFormat");

	static SampleKind of(List<String> stackClasses) {
		boolean tink = false;
		boolean keyset = false;
		boolean aead = false;
		for (String type : stackClasses) {
			if (!type.startsWith(TINK)) {
				continue;
			}
			tink = true;
			if (type.startsWith(TINK + "hybrid.") && (type.contains("Decrypt") || type.endsWith(".HpkeContext$Open"))) {
				return HPKE_OPEN;
			}
			if (type.startsWith(TINK + "hybrid.") && type.contains("Encrypt")) {
				return HPKE_SEAL;
			}
			keyset |= KEYSET_CLASSES.contains(type);
			aead |= type.startsWith(TINK + "aead.") || type.startsWith(TINK + "subtle.AesGcm")
					|| type.startsWith(TINK + "subtle.ChaCha20Poly1305");
		}
		if (keyset) {
			return KEYSET;
		}
		if (aead) {
			return AEAD;
		}
		return tink ? OTHER_TINK : NOT_CRYPTO;
	}

	boolean crypto() {
		return this != NOT_CRYPTO;
	}

}
