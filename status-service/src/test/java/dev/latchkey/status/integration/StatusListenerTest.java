package dev.latchkey.status.integration;

import java.time.Duration;
import java.util.Map;

import dev.latchkey.schemas.IntegrationStatusChanged;
import dev.latchkey.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

import static dev.latchkey.status.integration.Fixtures.TENANT_A;
import static dev.latchkey.status.integration.Fixtures.aPendingTwilio;
import static dev.latchkey.status.integration.Fixtures.anActiveDemo;
import static dev.latchkey.status.integration.Fixtures.anEventOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class StatusListenerTest {

	private final StatusView view = new StatusView();

	private final CatchUp catchUp = new CatchUp(Map.of(0, 2L));

	private final StatusListener listener = new StatusListener(this.view, this.catchUp);

	@Test
	void on_mapsEveryFieldOfTheEvent() {
		this.listener.on(record(0, anActiveDemo().integrationId(), anEventOf(anActiveDemo())));

		assertThat(this.view.find(TENANT_A, "demo", "default")).contains(anActiveDemo());
	}

	@Test
	void on_mapsAnUnverifiedStatusWithoutVerificationTime() {
		this.listener.on(record(0, aPendingTwilio().integrationId(), anEventOf(aPendingTwilio())));

		assertThat(this.view.find(TENANT_A, "twilio", "default")).contains(aPendingTwilio());
	}

	@Test
	void on_aTombstoneRemovesTheIntegration() {
		this.listener.on(record(0, anActiveDemo().integrationId(), anEventOf(anActiveDemo())));

		this.listener.on(record(1, anActiveDemo().integrationId(), null));

		assertThat(this.view.list(TENANT_A)).isEmpty();
	}

	@Test
	void on_recordsHowFarTheViewHasRead() {
		this.listener.on(record(0, anActiveDemo().integrationId(), anEventOf(anActiveDemo())));
		assertThat(this.catchUp.isCaughtUp()).isFalse();

		this.listener.on(record(1, aPendingTwilio().integrationId(), anEventOf(aPendingTwilio())));
		assertThat(this.catchUp.isCaughtUp()).isTrue();
	}

	@Test
	void on_rejectsAStateItDoesNotKnowWithoutTouchingTheView() {
		IntegrationStatusChanged event = anEventOf(anActiveDemo());
		event.setState("SOMETHING_NEW");

		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.listener.on(record(0, anActiveDemo().integrationId(), event)))
			.withMessageContaining("SOMETHING_NEW");
		assertThat(this.view.size()).isZero();
		assertThat(this.catchUp.remaining()).containsEntry(0, 2L);
	}

	@Test
	void endOffsetsAtStart_failsWithAClearMessageWhenTheTopicCannotBeRead() {
		DefaultKafkaConsumerFactory<String, String> unreachable = new DefaultKafkaConsumerFactory<>(
				Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1"), new StringDeserializer(),
				new StringDeserializer());

		assertThatIllegalStateException().isThrownBy(() -> StatusListener.endOffsetsAtStart(unreachable, Duration.ZERO))
			.withMessageContaining(Topics.INTEGRATION_STATUS)
			.withMessageContaining("KAFKA_BOOTSTRAP_SERVERS");
	}

	private static ConsumerRecord<String, IntegrationStatusChanged> record(long offset, String key,
			IntegrationStatusChanged value) {
		return new ConsumerRecord<>(Topics.INTEGRATION_STATUS, 0, offset, key, value);
	}

}
