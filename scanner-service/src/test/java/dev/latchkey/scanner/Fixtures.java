package dev.latchkey.scanner;

import java.security.SecureRandom;
import java.util.Map;

import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.crypto.Keysets;

/** Named test data. */
public final class Fixtures {

	private static final SecureRandom random = new SecureRandom();

	private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private Fixtures() {
	}

	/** A key the demo platform accepts; unique, so that it can serve as a canary. */
	public static String aDemoKey() {
		return "demo_live_" + randomText(24);
	}

	/** A well-formed key the demo platform rejects. */
	public static String aRejectedDemoKey() {
		return "demo_bad_" + randomText(24);
	}

	public static Map<String, String> demoSecret(String apiKey) {
		return Map.of("api_key", apiKey);
	}

	public static String anIntegrationId() {
		return "int_" + randomText(16).toLowerCase(java.util.Locale.ROOT);
	}

	public static String aTenantId() {
		return "t_" + randomText(8).toLowerCase(java.util.Locale.ROOT);
	}

	public static KeysetHandle aLeaseKeyset() {
		return Keysets.generate(Keysets.HPKE_TEMPLATE);
	}

	/** What the scanner signs its requests to the vault with. */
	public static KeysetHandle aSigningKeyset() {
		return Keysets.generate(Keysets.SIGNATURE_TEMPLATE);
	}

	private static String randomText(int length) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
		}
		return text.toString();
	}

}
