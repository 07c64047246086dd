package dev.latchkey.vault.consumer;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call the internal API, and how far a request's timestamp may be from the
 * vault's clock.
 */
public final class RegisteredConsumers {

	private final Map<String, RegisteredConsumer> consumers = new LinkedHashMap<>();

	private final Duration maxClockSkew;

	public RegisteredConsumers(Collection<RegisteredConsumer> consumers, Duration maxClockSkew) {
		consumers.forEach((consumer) -> this.consumers.put(consumer.name(), consumer));
		this.maxClockSkew = maxClockSkew;
	}

	public Optional<RegisteredConsumer> find(String name) {
		return Optional.ofNullable(this.consumers.get(name));
	}

	public Set<String> names() {
		return this.consumers.keySet();
	}

	Duration maxClockSkew() {
		return this.maxClockSkew;
	}

}
