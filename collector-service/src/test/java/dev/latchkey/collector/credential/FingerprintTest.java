package dev.latchkey.collector.credential;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.latchkey.collector.Fixtures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprintTest {

	private static final String RECORD = "record-1";

	@Test
	void of_ignoresTheOrderOfFields() {
		Map<String, String> forward = new LinkedHashMap<>();
		forward.put("account_sid", Fixtures.TWILIO_SID);
		forward.put("auth_token", Fixtures.TWILIO_TOKEN);
		Map<String, String> backward = new LinkedHashMap<>();
		backward.put("auth_token", Fixtures.TWILIO_TOKEN);
		backward.put("account_sid", Fixtures.TWILIO_SID);

		assertThat(Fingerprint.of(RECORD, "twilio", "default", forward)
			.matches(Fingerprint.of(RECORD, "twilio", "default", backward))).isTrue();
	}

	@Test
	void of_differsForAnyOtherProviderNameFieldOrValue() {
		Fingerprint base = Fingerprint.of(RECORD, "demo", "default", Map.of("api_key", "v"));

		assertThat(base.matches(Fingerprint.of(RECORD, "stripe", "default", Map.of("api_key", "v")))).isFalse();
		assertThat(base.matches(Fingerprint.of(RECORD, "demo", "billing", Map.of("api_key", "v")))).isFalse();
		assertThat(base.matches(Fingerprint.of(RECORD, "demo", "default", Map.of("api_key2", "v")))).isFalse();
		assertThat(base.matches(Fingerprint.of(RECORD, "demo", "default", Map.of("api_key", "w")))).isFalse();
		assertThat(base.matches(Fingerprint.of(RECORD, "demo", "default", Map.of("api_key", "v", "x", "")))).isFalse();
	}

	@Test
	void of_doesNotConfuseWhereOnePartEndsAndTheNextBegins() {
		assertThat(Fingerprint.of(RECORD, "demo", "default", Map.of("ab", "c"))
			.matches(Fingerprint.of(RECORD, "demo", "default", Map.of("a", "bc")))).isFalse();
		assertThat(Fingerprint.of(RECORD, "de", "modefault", Map.of("a", "b"))
			.matches(Fingerprint.of(RECORD, "demo", "default", Map.of("a", "b")))).isFalse();
	}

	@Test
	void of_isSaltedWithTheRecordSoTheSameSecretUnderTwoKeysLooksUnrelated() {
		Map<String, String> fields = Fixtures.aDemoCredential();

		assertThat(Fingerprint.of("record-1", "demo", "default", fields)
			.matches(Fingerprint.of("record-2", "demo", "default", fields))).isFalse();
		assertThat(Fingerprint.of(RECORD, "demo", "default", fields).hex()).matches("[0-9a-f]{64}")
			.doesNotContain(Fixtures.CANARY);
	}

}
