package dev.latchkey.collector.oauth.refresh;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Keeping OAuth tokens fresh. The collector owns refresh because it holds the client
 * secrets.
 *
 * @param enabled whether this instance schedules refreshes (needs the lease keyset, and
 * the vault client of {@code latchkey.collector.vault})
 * @param leaseKeysetFile the collector's private HPKE lease keyset (Tink JSON)
 * @param leaseKeyset the same inline (JSON or base64 of it); wins over the file
 * @param margin how long before expiry to refresh
 * @param initialBackoff first retry delay after a timeout or 5xx; doubles per attempt,
 * with ±50 % jitter
 * @param cooldown the longest retry delay
 */
@ConfigurationProperties("latchkey.oauth.refresh")
record RefreshProperties(@DefaultValue("false") boolean enabled, String leaseKeysetFile, String leaseKeyset,
		@DefaultValue("60s") Duration margin, @DefaultValue("5s") Duration initialBackoff,
		@DefaultValue("5m") Duration cooldown) {

	RefreshProperties {
		if (enabled && isBlank(leaseKeysetFile) && isBlank(leaseKeyset)) {
			throw new IllegalStateException("latchkey.oauth.refresh.enabled needs the collector's lease keyset: set "
					+ "latchkey.oauth.refresh.lease-keyset-file (env LATCHKEY_OAUTH_REFRESH_LEASE_KEYSET_FILE)");
		}
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

}
