package dev.latchkey.status.integration;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Keeps the instance out of the readiness group until the view has caught up with the
 * status topic, so no one is sent an answer from a half-built view.
 */
@Component
class StatusViewHealthIndicator implements HealthIndicator {

	private final CatchUp catchUp;

	private final StatusView view;

	StatusViewHealthIndicator(CatchUp catchUp, StatusView view) {
		this.catchUp = catchUp;
		this.view = view;
	}

	@Override
	public Health health() {
		if (!this.catchUp.isCaughtUp()) {
			return Health.down()
				.withDetail("reason", "catching up with the status topic")
				.withDetail("remaining", this.catchUp.remaining())
				.build();
		}
		return Health.up().withDetail("integrations", this.view.size()).build();
	}

}
