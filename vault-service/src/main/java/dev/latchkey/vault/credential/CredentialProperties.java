package dev.latchkey.vault.credential;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param applyTimeout how long a listener waits for one event to be stored and its status
 * published before the attempt counts as failed
 * ({@code LATCHKEY_VAULT_CREDENTIAL_APPLY_TIMEOUT})
 */
@ConfigurationProperties("latchkey.vault.credential")
record CredentialProperties(@DefaultValue("30s") Duration applyTimeout) {

}
