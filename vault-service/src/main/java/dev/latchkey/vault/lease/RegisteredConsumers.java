package dev.latchkey.vault.lease;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.latchkey.crypto.Sealer;

/** The consumers allowed to lease, each with the sealer for its public key. */
class RegisteredConsumers {

	private final Map<String, Sealer> sealers;

	RegisteredConsumers(Map<String, Sealer> sealers) {
		this.sealers = Map.copyOf(sealers);
	}

	Optional<Sealer> sealerFor(String consumer) {
		return Optional.ofNullable(this.sealers.get(consumer));
	}

	Set<String> names() {
		return this.sealers.keySet();
	}

}
