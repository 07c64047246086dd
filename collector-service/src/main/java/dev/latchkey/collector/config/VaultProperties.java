package dev.latchkey.collector.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the collector calls the vault's internal API (refresh leases, tenants' access
 * logs), signed as a registered consumer.
 *
 * @param url the vault's internal URL
 * @param consumerName the name the vault has registered the collector's keys under
 * @param signingKeysetFile the collector's private Ed25519 keyset (Tink JSON); without it
 * (or the inline form) the collector does not call the vault: the access log answers 503
 * and refresh cannot be turned on
 * @param signingKeyset the same inline (JSON or base64 of it); wins over the file
 * @param timeout connect and response timeout of each call
 */
@ConfigurationProperties("latchkey.collector.vault")
record VaultProperties(@DefaultValue("http://localhost:8082") String url,
		@DefaultValue("collector") String consumerName, String signingKeysetFile, String signingKeyset,
		@DefaultValue("10s") Duration timeout) {

	static final String FILE_PROPERTY = "latchkey.collector.vault.signing-keyset-file";

	static final String INLINE_PROPERTY = "latchkey.collector.vault.signing-keyset";

	@Override
	public String toString() {
		return "VaultProperties[url=" + this.url + ", consumerName=" + this.consumerName + ", signingKeysetFile="
				+ this.signingKeysetFile + ", signingKeyset=" + (isBlank(this.signingKeyset) ? null : "(redacted)")
				+ ", timeout=" + this.timeout + "]";
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

}
