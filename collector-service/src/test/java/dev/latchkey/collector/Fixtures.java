package dev.latchkey.collector;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.crypto.HpkeOpener;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.Opener;
import dev.latchkey.websecurity.DevTokens;

/** Named test data: keys, tokens and credentials. */
public final class Fixtures {

	/** A secret that must never appear anywhere but inside a sealed secret. */
	public static final String CANARY = "demo_live_CANARYc0ll3ct0rZ9q7";

	public static final String JWT_SECRET = "collector-test-secret-collector-test-secret";

	public static final String TENANT = "acme";

	public static final String OTHER_TENANT = "globex";

	/** The vault's submission key pair, generated once per test JVM. */
	private static final KeysetHandle VAULT_PRIVATE = Keysets.generate(Keysets.HPKE_TEMPLATE);

	private Fixtures() {
	}

	public static String vaultPublicKeysetJson() {
		return Keysets.toPublicJson(Keysets.publicOf(VAULT_PRIVATE));
	}

	public static KeysetHandle vaultPublicKeyset() {
		return Keysets.publicOf(VAULT_PRIVATE);
	}

	public static String vaultPrivateKeysetJson() {
		return Keysets.toSecretJson(VAULT_PRIVATE);
	}

	/** What the vault opens submissions with. */
	public static Opener vaultOpener() {
		return new HpkeOpener(VAULT_PRIVATE);
	}

	public static String tokenFor(String tenantId) {
		return new DevTokens(JWT_SECRET).mint(tenantId, Duration.ofMinutes(10));
	}

	/** A demo platform key the demo platform accepts, carrying the canary. */
	public static String aDemoKey() {
		return CANARY;
	}

	public static Map<String, String> aDemoCredential() {
		return Map.of("api_key", aDemoKey());
	}

	/**
	 * Tokens a fake platform grants; like the canary, they must appear nowhere in clear.
	 */
	public static final String OAUTH_ACCESS_TOKEN = "oauth_access_CANARYacc355t0k3n";

	public static final String OAUTH_REFRESH_TOKEN = "oauth_refresh_CANARYr3fr35ht0k3n";

	public static final String TWILIO_SID = "AC0123456789abcdef0123456789abcdef";

	public static final String TWILIO_TOKEN = "fedcba9876543210fedcba9876543210";

	/** Twilio: the account SID is public, the auth token secret. */
	public static Map<String, String> aTwilioCredential() {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("account_sid", TWILIO_SID);
		fields.put("auth_token", TWILIO_TOKEN);
		return fields;
	}

}
