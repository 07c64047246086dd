package dev.latchkey.kafka;

import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureLogTest {

	private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

	private final ConsumerHealth health = new ConsumerHealth(this.clock);

	private final FailureLog log = new FailureLog(new FailurePolicy(List.of(), new FailurePolicyTest.FakeRegistry()),
			this.health, this.clock, Duration.ofMinutes(1));

	private final ConsumerRecord<String, String> record = new ConsumerRecord<>("latchkey.credential-received", 1, 42,
			"int_a", "value");

	@Test
	void aRecordWaitingOnADependency_makesTheConsumersNotHealthy_untilItGoesThrough() {
		this.log.failedDelivery(this.record, outage(), 1);
		this.log.failedDelivery(this.record, outage(), 2);

		assertThat(this.health.health().getStatus()).isEqualTo(Status.DOWN);
		assertThat(this.health.health().getDetails()).containsKey("latchkey.credential-received-1");

		this.log.succeeded(this.record);

		assertThat(this.health.health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void aPoisonRecord_doesNotMakeTheConsumersNotHealthy() {
		this.log.failedDelivery(this.record, new org.springframework.kafka.support.serializer.DeserializationException(
				"bad", "bad".getBytes(), false, new IllegalStateException("Unknown magic byte")), 1);

		assertThat(this.health.health().getStatus()).isEqualTo(Status.UP);
	}

	private static Exception outage() {
		return new ListenerExecutionFailedException("Listener failed",
				new IllegalStateException("vault", new ConnectException("Connection refused")));
	}

}
