package dev.latchkey.websecurity;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JwtPropertiesTest {

	private static final String SECRET = "jwt-properties-test-secret-0123456789";

	@Test
	void byDefault_theSkewIsSpringsAndVerifiedTokensAreCachedForFiveMinutes() {
		JwtProperties properties = bind(Map.of("latchkey.security.jwt.hmac-secret", SECRET));

		assertThat(properties.clockSkew()).isEqualTo(Duration.ofSeconds(60));
		assertThat(properties.cache().maxTtl()).isEqualTo(Duration.ofMinutes(5));
		assertThat(properties.cache().maxSize()).isEqualTo(10_000);
		assertThat(properties.cache().enabled()).isTrue();
	}

	@Test
	void aZeroSizeOrTtl_turnsTheCacheOff() {
		assertThat(
				bind(Map.of("latchkey.security.jwt.hmac-secret", SECRET, "latchkey.security.jwt.cache.max-size", "0"))
					.cache()
					.enabled())
			.isFalse();
		assertThat(
				bind(Map.of("latchkey.security.jwt.hmac-secret", SECRET, "latchkey.security.jwt.cache.max-ttl", "0s"))
					.cache()
					.enabled())
			.isFalse();
	}

	@Test
	void aNegativeSkew_isRefused() {
		assertThatThrownBy(() -> bind(
				Map.of("latchkey.security.jwt.hmac-secret", SECRET, "latchkey.security.jwt.clock-skew", "-1s")))
			.hasRootCauseMessage("latchkey.security.jwt.clock-skew must not be negative");
	}

	private static JwtProperties bind(Map<String, String> values) {
		return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("latchkey.security.jwt",
				JwtProperties.class);
	}

}
