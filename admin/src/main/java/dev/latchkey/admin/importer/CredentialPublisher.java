package dev.latchkey.admin.importer;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.latchkey.admin.KafkaSecurity;
import dev.latchkey.kafka.KafkaDefaults;
import dev.latchkey.schemas.CredentialReceived;
import dev.latchkey.schemas.Topics;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes {@link CredentialReceived} to {@link Topics#CREDENTIAL_RECEIVED}, keyed by
 * integration id, through the schema registry with the services' serde settings
 * ({@link KafkaDefaults#serdeProperties}); idempotent producer, {@code acks=all}. Sends
 * are not awaited one by one: each acknowledgement runs its callback, and
 * {@link #flush()} waits for the rest and reports the first failure.
 */
final class CredentialPublisher implements AutoCloseable {

	private final Producer<String, CredentialReceived> producer;

	private final AtomicReference<Exception> failure = new AtomicReference<>();

	CredentialPublisher(Producer<String, CredentialReceived> producer) {
		this.producer = producer;
	}

	static CredentialPublisher connect(String bootstrapServers, String registryUrl) {
		Map<String, Object> config = new HashMap<>(KafkaDefaults.serdeProperties(registryUrl));
		config.putAll(KafkaSecurity.fromEnvironment());
		config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
		config.put(ProducerConfig.CLIENT_ID_CONFIG, "latchkey-admin-import");
		AvroKafkaSerializer<CredentialReceived> values = new AvroKafkaSerializer<>();
		values.configure(config, false);
		return new CredentialPublisher(new KafkaProducer<>(config, new StringSerializer(), values));
	}

	/**
	 * Sends; {@code acknowledged} runs on the producer's thread once the broker has the
	 * event. Fails at once if an earlier send failed.
	 */
	void publish(CredentialReceived event, Runnable acknowledged) {
		Exception failed = this.failure.get();
		if (failed != null) {
			throw new PublishFailedException(failed);
		}
		this.producer.send(new ProducerRecord<>(Topics.CREDENTIAL_RECEIVED, event.getIntegrationId(), event),
				(metadata, exception) -> {
					if (exception != null) {
						this.failure.compareAndSet(null, exception);
					}
					else {
						acknowledged.run();
					}
				});
	}

	/** Waits until every send is acknowledged; fails if any was not. */
	void flush() {
		this.producer.flush();
		Exception failed = this.failure.get();
		if (failed != null) {
			throw new PublishFailedException(failed);
		}
	}

	@Override
	public void close() {
		this.producer.close();
	}

	/**
	 * The broker or the registry did not take an event: the run stops; resume when it is
	 * back.
	 */
	static final class PublishFailedException extends RuntimeException {

		PublishFailedException(Exception cause) {
			super("Publishing to " + Topics.CREDENTIAL_RECEIVED + " failed (" + cause.getClass().getSimpleName() + ": "
					+ cause.getMessage() + "); rows acknowledged so far are in the checkpoint: run again to resume",
					cause);
		}

	}

}
