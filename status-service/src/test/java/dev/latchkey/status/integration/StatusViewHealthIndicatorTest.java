package dev.latchkey.status.integration;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class StatusViewHealthIndicatorTest {

	@Test
	void health_isDownWhileCatchingUpAndUpOnceCaughtUp() {
		CatchUp catchUp = new CatchUp(Map.of(0, 1L));
		StatusView view = new StatusView();
		StatusViewHealthIndicator indicator = new StatusViewHealthIndicator(catchUp, view);

		assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(indicator.health().getDetails()).containsEntry("remaining", Map.of(0, 1L));

		view.apply(Fixtures.anActiveDemo());
		catchUp.reached(0, 1);

		assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
		assertThat(indicator.health().getDetails()).containsEntry("integrations", 1);
	}

}
