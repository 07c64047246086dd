package dev.latchkey.scanner.config;

import java.nio.charset.StandardCharsets;

import dev.latchkey.scanner.lease.VaultUnavailableException;
import dev.latchkey.schemas.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.mock.MockProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterRecovererTest {

	private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
			new ByteArraySerializer());

	private final DeadLetterRecoverer recoverer = new DeadLetterRecoverer(
			new KafkaTemplate<>(new MockProducerFactory<>(() -> this.producer)));

	@Test
	void recover_sendsTheKeyAndTheReasonButNotTheValueToTheDeadLetterTopic() {
		ConsumerRecord<String, Object> failed = new ConsumerRecord<>(Topics.INTEGRATION_STATUS, 2, 42L, "int_1",
				"a deserialized status event");

		this.recoverer.accept(failed, new ListenerExecutionFailedException("Listener failed",
				new VaultUnavailableException("The vault answered 503 to a lease request")));

		assertThat(this.producer.history()).hasSize(1);
		ProducerRecord<String, byte[]> deadLetter = this.producer.history().get(0);
		assertThat(deadLetter.topic()).isEqualTo("latchkey.integration-status.dlt");
		assertThat(deadLetter.key()).isEqualTo("int_1");
		assertThat(deadLetter.value()).isNull();
		Header reason = deadLetter.headers().lastHeader(DeadLetterRecoverer.REASON_HEADER);
		assertThat(new String(reason.value(), StandardCharsets.UTF_8))
			.isEqualTo("VaultUnavailableException: The vault answered 503 to a lease request");
		assertThat(deadLetter.headers().lastHeader("kafka_dlt-original-offset")).isNotNull();
	}

}
