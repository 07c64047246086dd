package dev.latchkey.vault.crypto;

import dev.latchkey.crypto.SealingException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a missing or unusable keyset at start-up into a short, actionable report. */
class KeysFailureAnalyzer extends AbstractFailureAnalyzer<SealingException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SealingException cause) {
		return new FailureAnalysis("The vault cannot load its keys: " + cause.getMessage(),
				"Point latchkey.vault.keys.root-keyset-file (LATCHKEY_VAULT_KEYS_ROOT_KEYSET_FILE) at the root AEAD "
						+ "keyset and latchkey.vault.keys.submission-keyset-file "
						+ "(LATCHKEY_VAULT_KEYS_SUBMISSION_KEYSET_FILE) at the HPKE private keyset the collector "
						+ "seals to, or give them inline; each lease consumer needs "
						+ "latchkey.vault.lease.consumers.<name>.public-keyset-file.",
				cause);
	}

}
