package dev.latchkey.vault.consumer;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.latchkey.catalogue.Provider;
import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.crypto.HpkeSealer;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.RequestVerifier;
import dev.latchkey.crypto.Sealer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers each consumer once at start-up: its verify key, its lease key and its scope.
 * A consumer entry without a verify key is not registered (the defaults name the scanner
 * and the collector; a deployment registers those it runs); one that names a lease key
 * but no verify key, an unknown purpose, or a leasing purpose without a lease key stops
 * the start, naming the property.
 */
@Configuration(proxyBeanMethods = false)
class ConsumerConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(ConsumerConfiguration.class);

	@Bean
	RegisteredConsumers registeredConsumers(ConsumerProperties properties,
			ObjectProvider<ProviderCatalogue> catalogue) {
		List<RegisteredConsumer> registered = new ArrayList<>();
		properties.consumers().forEach((name, consumer) -> {
			String prefix = "latchkey.vault.lease.consumers." + name;
			if (!consumer.hasVerifyKeyset()) {
				if (consumer.hasPublicKeyset()) {
					throw new IllegalStateException(prefix + ".verify-keyset-file (or " + prefix
							+ ".verify-keyset) is not configured: every consumer signs its requests to the vault, "
							+ "and the vault verifies them with this public signature keyset");
				}
				logger.info("Consumer {} has no verify keyset: not registered", name);
				return;
			}
			registered.add(register(name, prefix, consumer, catalogue));
		});
		if (registered.isEmpty()) {
			logger.warn("No consumers are registered: every internal request will be refused");
		}
		else {
			logger.info("Internal API consumers: {}", registered);
		}
		return new RegisteredConsumers(registered, properties.maxClockSkew());
	}

	private static RegisteredConsumer register(String name, String prefix, ConsumerProperties.Consumer consumer,
			ObjectProvider<ProviderCatalogue> catalogue) {
		Set<Purpose> purposes = EnumSet.noneOf(Purpose.class);
		for (String wire : consumer.purposes()) {
			purposes.add(Purpose.fromWire(wire.strip())
				.orElseThrow(() -> new IllegalStateException(prefix + ".purposes names '" + wire + "'; known are "
						+ EnumSet.allOf(Purpose.class).stream().map(Purpose::wire).toList())));
		}
		if (purposes.isEmpty()) {
			logger.warn("Consumer {} may do nothing: set {}.purposes", name, prefix);
		}
		RequestVerifier verifier = new RequestVerifier(
				Keysets.loadPublic(prefix + ".verify-keyset-file (or .verify-keyset)", consumer.verifyKeyset(),
						consumer.verifyKeysetFile()));
		Sealer sealer = null;
		if (consumer.hasPublicKeyset() || purposes.stream().anyMatch(Purpose::leases)) {
			sealer = new HpkeSealer(Keysets.loadPublic(prefix + ".public-keyset-file (or .public-keyset)",
					consumer.publicKeyset(), consumer.publicKeysetFile()));
		}
		return new RegisteredConsumer(name, purposes, leasable(consumer, catalogue), sealer, verifier);
	}

	/** The providers named, narrowed to the auth modes named; {@code null} for any. */
	private static Set<String> leasable(ConsumerProperties.Consumer consumer,
			ObjectProvider<ProviderCatalogue> catalogue) {
		if (consumer.providers().isEmpty() && consumer.authModes().isEmpty()) {
			return null;
		}
		Set<String> providers = new TreeSet<>(consumer.providers());
		if (!consumer.authModes().isEmpty()) {
			Set<String> ofModes = catalogue.getIfAvailable(ProviderCatalogue::builtIn)
				.all()
				.stream()
				.filter((provider) -> consumer.authModes().contains(provider.authMode()))
				.map(Provider::id)
				.collect(Collectors.toSet());
			if (providers.isEmpty()) {
				providers.addAll(ofModes);
			}
			else {
				providers.retainAll(ofModes);
			}
		}
		return providers;
	}

}
