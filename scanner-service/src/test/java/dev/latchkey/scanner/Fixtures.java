package dev.latchkey.scanner;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
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

	/** The scanner's settings as shipped, with this probe timeout. */
	public static ScannerProperties scannerProperties(Duration probeTimeout) {
		return scannerProperties(probeTimeout, 3);
	}

	public static ScannerProperties scannerProperties(Duration probeTimeout, int failuresBeforeError) {
		return new ScannerProperties(URI.create("http://localhost:1"), "scanner", probeTimeout, Duration.ofSeconds(2),
				new ScannerProperties.Keys(null, null, null, null),
				new ScannerProperties.Schedule(true, "", Duration.ofMillis(200), 100, Duration.ofSeconds(60), 64, 0.1,
						failuresBeforeError, Duration.ofSeconds(2), Duration.ofMinutes(5), Duration.ofSeconds(1),
						Duration.ofSeconds(30)),
				new ScannerProperties.Limits(Duration.ofSeconds(10), 0.04),
				new ScannerProperties.Findings(Duration.ofDays(7), Duration.ofDays(90)));
	}

	private static String randomText(int length) {
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
		}
		return text.toString();
	}

}
