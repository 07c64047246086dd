package dev.latchkey.collector.credential;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param publishTimeout how long a submission waits for the broker's acknowledgement
 * before it is answered 503
 */
@ConfigurationProperties("latchkey.collector")
record CredentialProperties(@DefaultValue("10s") Duration publishTimeout) {

	CredentialProperties {
		if (publishTimeout.isNegative() || publishTimeout.isZero()) {
			throw new IllegalStateException("latchkey.collector.publish-timeout must be positive");
		}
	}

}
