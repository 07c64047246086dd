package dev.latchkey.scanner.scan;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import dev.latchkey.catalogue.Provider;
import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.catalogue.Scan;

/**
 * When an integration is scanned next: its own period, else its provider's
 * ({@code scan.every}), stretched or shrunk at random by up to the jitter fraction so
 * that integrations created together do not stay in lock-step.
 */
class Planner {

	private final ProviderCatalogue catalogue;

	private final double jitter;

	private final DoubleSupplier random;

	Planner(ProviderCatalogue catalogue, double jitter) {
		this(catalogue, jitter, () -> ThreadLocalRandom.current().nextDouble());
	}

	Planner(ProviderCatalogue catalogue, double jitter, DoubleSupplier random) {
		this.catalogue = catalogue;
		this.jitter = jitter;
		this.random = random;
	}

	Instant next(String provider, Long everySeconds, Instant from) {
		Duration period = periodOf(provider, everySeconds);
		double factor = 1 + this.jitter * (2 * this.random.getAsDouble() - 1);
		return from.plusMillis(Math.max(1, Math.round(period.toMillis() * factor)));
	}

	Duration periodOf(String provider, Long everySeconds) {
		if (everySeconds != null && everySeconds > 0) {
			return Duration.ofSeconds(everySeconds);
		}
		return this.catalogue.find(provider).map(Provider::scan).map(Scan::every).orElse(Scan.DEFAULT_EVERY);
	}

}
