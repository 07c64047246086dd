package dev.latchkey.status.integration;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CatchUpTest {

	@Test
	void isCaughtUp_atOnceWhenTheTopicWasEmpty() {
		assertThat(new CatchUp(Map.of(0, 0L, 1, 0L)).isCaughtUp()).isTrue();
	}

	@Test
	void isCaughtUp_onlyOnceEveryPartitionReachedItsEndAtStart() {
		CatchUp catchUp = new CatchUp(Map.of(0, 3L, 1, 2L, 2, 0L));

		catchUp.reached(0, 3);
		assertThat(catchUp.isCaughtUp()).isFalse();
		assertThat(catchUp.remaining()).containsExactly(Map.entry(0, 0L), Map.entry(1, 2L), Map.entry(2, 0L));

		catchUp.reached(1, 1);
		assertThat(catchUp.isCaughtUp()).isFalse();

		catchUp.reached(1, 2);
		assertThat(catchUp.isCaughtUp()).isTrue();
	}

	@Test
	void reached_neverMovesBackwards() {
		CatchUp catchUp = new CatchUp(Map.of(0, 5L));

		catchUp.reached(0, 4);
		catchUp.reached(0, 1);
		catchUp.reached(0, 5);

		assertThat(catchUp.isCaughtUp()).isTrue();
	}

	@Test
	void isCaughtUp_staysTrueOnceReached() {
		CatchUp catchUp = new CatchUp(Map.of(0, 1L));
		catchUp.reached(0, 1);

		catchUp.reached(0, 0);

		assertThat(catchUp.isCaughtUp()).isTrue();
	}

	@Test
	void partitions_areEveryPartitionOfTheTopicInOrder() {
		assertThat(new CatchUp(Map.of(2, 0L, 0, 4L, 1, 1L)).partitions()).containsExactly(0, 1, 2);
	}

}
