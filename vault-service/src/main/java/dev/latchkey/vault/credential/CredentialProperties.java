package dev.latchkey.vault.credential;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param applyTimeout how long a listener waits for one event to be stored and its status
 * published before the attempt counts as failed
 * ({@code LATCHKEY_VAULT_CREDENTIAL_APPLY_TIMEOUT})
 * @param retainedVersions how many of an integration's newest versions keep their data
 * key; older ones are crypto-shredded when a new version is stored
 * ({@code LATCHKEY_VAULT_CREDENTIAL_RETAINED_VERSIONS})
 */
@ConfigurationProperties("latchkey.vault.credential")
record CredentialProperties(@DefaultValue("30s") Duration applyTimeout, @DefaultValue("10") int retainedVersions) {

	CredentialProperties {
		if (retainedVersions < 1) {
			throw new IllegalArgumentException(
					"latchkey.vault.credential.retained-versions must be at least 1 (the current version)");
		}
	}

}
