package dev.latchkey.kafka;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RepeatedLogFilterTest {

	private final AtomicLong now = new AtomicLong();

	private final RepeatedLogFilter filter = new RepeatedLogFilter(2, TimeUnit.SECONDS.toNanos(60), this.now::get);

	private final Logger logger = new LoggerContext().getLogger("org.apache.kafka.clients.NetworkClient");

	@Test
	void aRepeatedWarning_isLoggedBurstTimesPerWindow() {
		assertThat(warn("Connection to node {} could not be established")).isEqualTo(FilterReply.NEUTRAL);
		assertThat(warn("Connection to node {} could not be established")).isEqualTo(FilterReply.NEUTRAL);
		assertThat(warn("Connection to node {} could not be established")).isEqualTo(FilterReply.DENY);

		this.now.addAndGet(TimeUnit.SECONDS.toNanos(61));

		assertThat(warn("Connection to node {} could not be established")).isEqualTo(FilterReply.NEUTRAL);
	}

	@Test
	void distinctWarnings_areNeverSuppressed() {
		for (int i = 0; i < 10; i++) {
			assertThat(warn("message " + i)).isEqualTo(FilterReply.NEUTRAL);
		}
	}

	@Test
	void infoLines_areNeverSuppressed() {
		for (int i = 0; i < 10; i++) {
			assertThat(this.filter.decide(null, this.logger, Level.INFO, "Stored {}", null, null))
				.isEqualTo(FilterReply.NEUTRAL);
		}
	}

	private FilterReply warn(String format) {
		return this.filter.decide(null, this.logger, Level.WARN, format, null, null);
	}

}
