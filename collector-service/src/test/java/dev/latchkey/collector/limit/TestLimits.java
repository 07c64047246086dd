package dev.latchkey.collector.limit;

import java.time.Clock;
import java.time.Duration;

/** Limits for tests of the features that ask them, without MongoDB. */
public final class TestLimits {

	private TestLimits() {
	}

	/** Limits no test reaches by accident. */
	public static SubmissionLimits generous() {
		return limits(1000, 1000, 1000, Clock.systemUTC());
	}

	public static SubmissionLimits limits(int perTenantPerMinute, int perIntegrationPerMinute, int maxIntegrations,
			Clock clock) {
		LimitProperties properties = new LimitProperties(
				new LimitProperties.Rate(perTenantPerMinute, Duration.ofMinutes(1)),
				new LimitProperties.Rate(perIntegrationPerMinute, Duration.ofMinutes(1)), maxIntegrations, 1000,
				Duration.ofSeconds(1), new LimitProperties.Rate(1, Duration.ofMinutes(1)));
		return new SubmissionLimits(properties, new InMemoryTenantIntegrations(), clock);
	}

}
