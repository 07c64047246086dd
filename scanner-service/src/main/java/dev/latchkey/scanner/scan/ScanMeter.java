package dev.latchkey.scanner.scan;

import java.util.Locale;

import dev.latchkey.catalogue.ProviderCatalogue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Counts scans as assessed ({@value #METER}): by provider (catalogue ids only; anything
 * else counts as {@code unknown}) and outcome. A replayed request, answered from the
 * recorded assessment, is not counted again.
 */
@Component
class ScanMeter {

	static final String METER = "latchkey.scanner.scans";

	private final MeterRegistry meters;

	private final ProviderCatalogue catalogue;

	ScanMeter(MeterRegistry meters, ProviderCatalogue catalogue) {
		this.meters = meters;
		this.catalogue = catalogue;
	}

	void count(Assessment assessment) {
		Counter.builder(METER)
			.description("Credential versions assessed at their platform")
			.tag("provider", this.catalogue.find(assessment.provider()).isPresent() ? assessment.provider() : "unknown")
			.tag("outcome", assessment.outcome().name().toLowerCase(Locale.ROOT))
			.register(this.meters)
			.increment();
	}

}
