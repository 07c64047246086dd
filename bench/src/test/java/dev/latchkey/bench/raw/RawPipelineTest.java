package dev.latchkey.bench.raw;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RawPipelineTest {

	@Test
	void key_isAsLongAsAnIntegrationIdAndCarriesTheIndex() {
		String key = RawPipeline.key(4711, 30);

		assertThat(key).hasSize(30).startsWith("int_");
		assertThat(RawPipeline.indexOf(key)).isEqualTo(4711);
	}

}
