package dev.latchkey.vault;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.SecretFields;

/** Named test data. */
public final class Fixtures {

	public static final Instant NOW = Instant.parse("2026-11-24T10:15:30.123Z");

	private Fixtures() {
	}

	public static Clock aFixedClock() {
		return Clock.fixed(NOW, ZoneOffset.UTC);
	}

	/**
	 * A demo-platform key whose value is unique, to be searched for where it must not be.
	 */
	public static SecretFields aDemoKey() {
		return SecretFields.of(Map.of("apiKey", aCanary()));
	}

	public static String aCanary() {
		return "demo_live_canary_" + UUID.randomUUID().toString().replace("-", "");
	}

	public static Map<String, String> demoPublicFields() {
		return Map.of("account", "acme-demo");
	}

	public static String anIntegrationId() {
		return "int_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
	}

	public static String anEventId() {
		return UUID.randomUUID().toString();
	}

	public static KeysetHandle anHpkeKeyset() {
		return Keysets.generate(Keysets.HPKE_TEMPLATE);
	}

	/** A consumer's Ed25519 keyset: it signs requests to the internal API. */
	public static KeysetHandle aSignatureKeyset() {
		return Keysets.generate(Keysets.SIGNATURE_TEMPLATE);
	}

	public static KeysetHandle anAeadKeyset() {
		return Keysets.generate(Keysets.AEAD_TEMPLATE);
	}

}
