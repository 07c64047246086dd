package dev.latchkey.status.integration;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the status view starts.
 *
 * @param topicWait how long to wait at start for the status topic to exist before failing
 */
@ConfigurationProperties("latchkey.status")
record StatusProperties(@DefaultValue("60s") Duration topicWait) {

	StatusProperties {
		if (topicWait.isNegative()) {
			throw new IllegalStateException("latchkey.status.topic-wait must not be negative");
		}
	}

}
