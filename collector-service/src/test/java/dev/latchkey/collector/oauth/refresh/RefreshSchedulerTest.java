package dev.latchkey.collector.oauth.refresh;

import java.time.Duration;
import java.time.Instant;

import dev.latchkey.collector.oauth.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RefreshSchedulerTest {

	private final RefreshProperties properties = new RefreshProperties(false, null, null, Duration.ofSeconds(60),
			Duration.ofSeconds(5), Duration.ofMinutes(5));

	private final RefreshScheduler scheduler = new RefreshScheduler(null, this.properties,
			new MutableClock(Instant.parse("2026-11-24T12:00:00Z")), new SimpleMeterRegistry());

	@Test
	void backoff_doublesWithJitterAndStopsAtTheCooldown() {
		for (int i = 0; i < 50; i++) {
			assertThat(this.scheduler.backoff(1)).isBetween(Duration.ofMillis(2500), Duration.ofMillis(7500));
			assertThat(this.scheduler.backoff(3)).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(30));
			assertThat(this.scheduler.backoff(30)).isLessThanOrEqualTo(Duration.ofMinutes(5));
		}
	}

	@Test
	void plan_ignoresIntegrationsWithoutExpiryOrThatNeedTheUser() {
		this.scheduler.plan(new Expiry("t", "i1", "demo-oauth", "default", 1, "ACTIVE", null), 0);
		this.scheduler.plan(new Expiry("t", "i2", "demo-oauth", "default", 1, "REAUTH_REQUIRED",
				java.time.Instant.now().plusSeconds(3600)), 0);

		assertThat(this.scheduler.plannedCount()).isZero();
	}

	@Test
	void forgetPartitions_dropsThePlansOfPartitionsGivenAway() {
		this.scheduler.plan(
				new Expiry("t", "i1", "demo-oauth", "default", 1, "ACTIVE", java.time.Instant.now().plusSeconds(3600)),
				0);
		this.scheduler.plan(
				new Expiry("t", "i2", "demo-oauth", "default", 1, "ACTIVE", java.time.Instant.now().plusSeconds(3600)),
				1);

		this.scheduler.forgetPartitions(java.util.List.of(0));

		assertThat(this.scheduler.plannedCount()).isEqualTo(1);
		this.scheduler.close();
	}

}
