package dev.latchkey.vault.lease;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

import dev.latchkey.vault.consumer.Purpose;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Counts lease attempts once audited ({@value #METER}): by consumer, purpose and outcome.
 * Tags take only names the vault knows (a registered consumer that authenticated, a
 * purpose of {@link Purpose}); whatever else a caller claims counts as
 * {@code unauthenticated} or {@code other}, so no caller can grow the tag values.
 */
@Component
class LeaseMeter {

	static final String METER = "latchkey.vault.leases";

	private static final Set<String> PURPOSES = Set
		.of(Arrays.stream(Purpose.values()).map(Purpose::wire).toArray(String[]::new));

	private final MeterRegistry meters;

	LeaseMeter(MeterRegistry meters) {
		this.meters = meters;
	}

	void count(LeaseAudit audit) {
		Counter.builder(METER)
			.description("Lease attempts, as audited")
			.tag("consumer", audit.authenticated() ? audit.consumer() : "unauthenticated")
			.tag("purpose", PURPOSES.contains(audit.purpose()) ? audit.purpose() : "other")
			.tag("outcome", audit.outcome().name().toLowerCase(Locale.ROOT))
			.register(this.meters)
			.increment();
	}

}
