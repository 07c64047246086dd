package dev.latchkey.collector.credential;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param publishTimeout how long a submission waits for the broker's acknowledgement
 * before it is answered 503
 * @param idempotency how idempotency keys are kept
 */
@ConfigurationProperties("latchkey.collector")
record CredentialProperties(@DefaultValue("10s") Duration publishTimeout, @DefaultValue Idempotency idempotency) {

	CredentialProperties {
		if (publishTimeout.isNegative() || publishTimeout.isZero()) {
			throw new IllegalStateException("latchkey.collector.publish-timeout must be positive");
		}
		if (idempotency.lock() == null) {
			// Outlasts one attempt: store write, publish, store write.
			idempotency = new Idempotency(idempotency.retention(),
					publishTimeout.plus(idempotency.storeTimeout().multipliedBy(2)), idempotency.storeTimeout());
		}
		else if (idempotency.lock().compareTo(publishTimeout) <= 0) {
			throw new IllegalStateException(
					"latchkey.collector.idempotency.lock must be longer than latchkey.collector.publish-timeout");
		}
	}

	/**
	 * @param retention how long a key is remembered (the draft leaves it to the server)
	 * @param lock how long other requests with the key are answered 409 while one attempt
	 * runs; by default publish-timeout plus twice store-timeout
	 * @param storeTimeout how long a read or write of the records may take before the
	 * request is answered 503
	 */
	record Idempotency(@DefaultValue("24h") Duration retention, Duration lock,
			@DefaultValue("3s") Duration storeTimeout) {

		Idempotency {
			if (!positive(retention) || !positive(storeTimeout) || (lock != null && !positive(lock))) {
				throw new IllegalStateException(
						"latchkey.collector.idempotency.retention, lock and store-timeout must be positive");
			}
		}

		private static boolean positive(Duration duration) {
			return !duration.isNegative() && !duration.isZero();
		}

	}

}
