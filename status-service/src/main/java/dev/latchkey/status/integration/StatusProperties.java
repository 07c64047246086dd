package dev.latchkey.status.integration;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the status view starts and how it is pushed to subscribers.
 *
 * @param topicWait how long to wait at start for the status topic to exist before failing
 * @param stream the status stream (Server-Sent Events)
 */
@ConfigurationProperties("latchkey.status")
record StatusProperties(@DefaultValue("60s") Duration topicWait, @DefaultValue Stream stream) {

	StatusProperties {
		if (topicWait.isNegative()) {
			throw new IllegalStateException("latchkey.status.topic-wait must not be negative");
		}
	}

	/**
	 * @param heartbeat how often an idle stream sends a comment, so proxies keep it open
	 * and clients notice a dead one
	 * @param buffer how many events may wait for one slow subscriber before it is dropped
	 * with a {@code resync} event
	 * @param maxSubscribersPerTenant how many streams one tenant may hold open at once
	 * @param history how many recent changes per tenant a reconnecting subscriber can
	 * resume from with {@code Last-Event-ID}
	 */
	record Stream(@DefaultValue("15s") Duration heartbeat, @DefaultValue("256") int buffer,
			@DefaultValue("50") int maxSubscribersPerTenant, @DefaultValue("128") int history) {

		Stream {
			if (heartbeat.isNegative() || heartbeat.isZero()) {
				throw new IllegalStateException("latchkey.status.stream.heartbeat must be positive");
			}
			if (buffer < 1 || maxSubscribersPerTenant < 1 || history < 0) {
				throw new IllegalStateException("latchkey.status.stream.buffer and max-subscribers-per-tenant must be "
						+ "at least 1, history at least 0");
			}
		}

	}

}
