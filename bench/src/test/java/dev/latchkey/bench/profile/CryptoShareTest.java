package dev.latchkey.bench.profile;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CryptoShareTest {

	@Test
	void storageCryptoIsEveryTinkSampleOfTheVaultButLeaseSealing() {
		Map<SampleKind, Long> vault = Map.of(SampleKind.HPKE_OPEN, 5L, SampleKind.KEYSET, 4L, SampleKind.AEAD, 1L,
				SampleKind.OTHER_TINK, 2L, SampleKind.HPKE_SEAL, 7L, SampleKind.NOT_CRYPTO, 100L);
		assertThat(CryptoShare.storeCrypto(vault)).isEqualTo(12);
	}

}
