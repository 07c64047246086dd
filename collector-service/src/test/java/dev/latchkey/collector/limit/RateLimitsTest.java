package dev.latchkey.collector.limit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimitsTest {

	private final MovableClock clock = new MovableClock();

	@Test
	void anIntegrationMayBurstItsRateThenWaitsForTheNextToken() {
		RateLimits limits = limits(100, 3);
		for (int i = 0; i < 3; i++) {
			limits.take("acme", "int_a");
		}

		RateLimitedException refused = refused(() -> limits.take("acme", "int_a"));
		assertThat(refused.scope()).isEqualTo("integration");
		// 3 a minute: one token every 20 s.
		assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(20));

		this.clock.advance(Duration.ofSeconds(20));
		limits.take("acme", "int_a");
	}

	@Test
	void aTenantsIntegrationsShareItsRate() {
		RateLimits limits = limits(4, 100);
		for (int i = 0; i < 4; i++) {
			limits.take("acme", "int_" + i);
		}

		assertThat(refused(() -> limits.take("acme", "int_new")).scope()).isEqualTo("tenant");
		// Another tenant is not held up.
		limits.take("globex", "int_g");
	}

	@Test
	void aRefusalTakesNothing_andARefundGivesBothTokensBack() {
		RateLimits limits = limits(2, 1);
		Runnable refund = limits.take("acme", "int_a");
		refused(() -> limits.take("acme", "int_a"));

		refund.run();

		limits.take("acme", "int_a");
		limits.take("acme", "int_b");
		assertThat(refused(() -> limits.take("acme", "int_c")).scope()).isEqualTo("tenant");
	}

	@Test
	void manyBucketsShrinkBackToThoseInUse() {
		RateLimits limits = new RateLimits(new LimitProperties(new LimitProperties.Rate(10, Duration.ofMinutes(1)),
				new LimitProperties.Rate(10, Duration.ofMinutes(1)), 500, 100, Duration.ofSeconds(1),
				new LimitProperties.Rate(1, Duration.ofMinutes(1))), this.clock);
		for (int i = 0; i < 200; i++) {
			limits.take("tenant-" + i, "int_" + i);
		}
		assertThat(limits.size()).isGreaterThan(100);

		this.clock.advance(Duration.ofMinutes(1));
		limits.take("acme", "int_a");

		assertThat(limits.size()).isEqualTo(2);
	}

	@Test
	void aScanRequestTakesTheIntegrationsOnlyScanToken_untilAMinuteHasPassed() {
		RateLimits limits = limits(10, 10);

		Runnable refund = limits.takeScan("int_a");
		assertThatThrownBy(() -> limits.takeScan("int_a")).isInstanceOfSatisfying(RateLimitedException.class, (ex) -> {
			assertThat(ex.retryAfter()).isEqualTo(Duration.ofMinutes(1));
			assertThat(ex.getMessage()).isEqualTo("Too many scan requests for this integration");
		});
		limits.takeScan("int_b");
		limits.take("acme", "int_a");

		refund.run();
		limits.takeScan("int_a");
		this.clock.advance(Duration.ofMinutes(1));
		limits.takeScan("int_a");
	}

	private RateLimits limits(int perTenant, int perIntegration) {
		return new RateLimits(new LimitProperties(new LimitProperties.Rate(perTenant, Duration.ofMinutes(1)),
				new LimitProperties.Rate(perIntegration, Duration.ofMinutes(1)), 500, 1000, Duration.ofSeconds(1),
				new LimitProperties.Rate(1, Duration.ofMinutes(1))), this.clock);
	}

	private static RateLimitedException refused(Runnable take) {
		return assertThatExceptionOfType(RateLimitedException.class).isThrownBy(take::run).actual();
	}

	private static final class MovableClock extends Clock {

		private Instant now = Instant.parse("2026-12-01T10:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
