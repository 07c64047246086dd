package dev.latchkey.vault.lease;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.latchkey.crypto.HpkeSealer;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.Sealer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Loads each registered consumer's public keyset once at start-up. */
@Configuration(proxyBeanMethods = false)
class LeaseConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(LeaseConfiguration.class);

	@Bean
	RegisteredConsumers registeredConsumers(LeaseProperties properties) {
		Map<String, Sealer> sealers = new LinkedHashMap<>();
		properties.consumers().forEach((name, consumer) -> {
			String what = "latchkey.vault.lease.consumers." + name + ".public-keyset-file (or .public-keyset)";
			sealers.put(name,
					new HpkeSealer(Keysets.loadPublic(what, consumer.publicKeyset(), consumer.publicKeysetFile())));
		});
		if (sealers.isEmpty()) {
			logger.warn("No lease consumers are registered: every lease will be refused");
		}
		else {
			logger.info("Lease consumers: {}", sealers.keySet());
		}
		return new RegisteredConsumers(sealers);
	}

}
