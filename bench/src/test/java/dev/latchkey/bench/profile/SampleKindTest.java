package dev.latchkey.bench.profile;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SampleKindTest {

	@Test
	void of_namesTheOutermostKindOfTinkWorkOnTheStack() {
		assertThat(SampleKind.of(List.of("com.google.crypto.tink.internal.Curve25519",
				"com.google.crypto.tink.hybrid.internal.HpkeDecrypt", "dev.latchkey.crypto.HpkeOpener")))
			.isEqualTo(SampleKind.HPKE_OPEN);
		assertThat(SampleKind
			.of(List.of("com.google.crypto.tink.subtle.X25519", "com.google.crypto.tink.hybrid.internal.HpkeEncrypt")))
			.isEqualTo(SampleKind.HPKE_SEAL);
		assertThat(SampleKind.of(List.of("com.google.crypto.tink.aead.internal.InsecureNonceAesGcmJce",
				"com.google.crypto.tink.TinkProtoKeysetFormat", "dev.latchkey.vault.Envelope")))
			.isEqualTo(SampleKind.KEYSET);
		assertThat(SampleKind.of(List.of("javax.crypto.Cipher", "com.google.crypto.tink.subtle.AesGcmJce")))
			.isEqualTo(SampleKind.AEAD);
		assertThat(SampleKind.of(List.of("com.google.crypto.tink.internal.MutableSerializationRegistry")))
			.isEqualTo(SampleKind.OTHER_TINK);
		assertThat(SampleKind.of(List.of("org.apache.kafka.clients.consumer.KafkaConsumer")))
			.isEqualTo(SampleKind.NOT_CRYPTO);
	}

}
