package dev.latchkey.crypto;

import java.nio.charset.StandardCharsets;

import com.google.crypto.tink.KeysetHandle;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RequestSigningTest {

	private static final byte[] BODY = "{\"tenantId\":\"t1\",\"integrationId\":\"int_1\",\"purpose\":\"scan\"}"
		.getBytes(StandardCharsets.UTF_8);

	private final KeysetHandle scannerKeys = Keysets.generate(Keysets.SIGNATURE_TEMPLATE);

	private final RequestSigner signer = new RequestSigner(this.scannerKeys);

	private final RequestVerifier verifier = new RequestVerifier(Keysets.publicOf(this.scannerKeys));

	private final SignedRequest request = new SignedRequest("scanner", "POST", "/internal/leases", 1_800_000_000L,
			BODY);

	@Test
	void verifies_theRequestAsSigned() {
		assertThat(this.verifier.verifies(this.request, this.signer.sign(this.request))).isTrue();
	}

	@Test
	void refuses_aTamperedBody() {
		byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("t1", "t2").getBytes(StandardCharsets.UTF_8);

		assertThat(this.verifier.verifies(
				new SignedRequest("scanner", "POST", "/internal/leases", 1_800_000_000L, tampered),
				this.signer.sign(this.request)))
			.isFalse();
	}

	@Test
	void refuses_anyOtherConsumerMethodPathOrTime() {
		String signature = this.signer.sign(this.request);

		assertThat(this.verifier
			.verifies(new SignedRequest("collector", "POST", "/internal/leases", 1_800_000_000L, BODY), signature))
			.isFalse();
		assertThat(this.verifier
			.verifies(new SignedRequest("scanner", "DELETE", "/internal/leases", 1_800_000_000L, BODY), signature))
			.isFalse();
		assertThat(this.verifier.verifies(
				new SignedRequest("scanner", "POST", "/internal/leases?tenant=t2", 1_800_000_000L, BODY), signature))
			.isFalse();
		assertThat(this.verifier
			.verifies(new SignedRequest("scanner", "POST", "/internal/leases", 1_800_000_001L, BODY), signature))
			.isFalse();
	}

	@Test
	void refuses_aSignatureMadeWithAnotherKey() {
		RequestSigner intruder = new RequestSigner(Keysets.generate(Keysets.SIGNATURE_TEMPLATE));

		assertThat(this.verifier.verifies(this.request, intruder.sign(this.request))).isFalse();
	}

	@Test
	void refuses_garbageAndMissingSignatures() {
		assertThat(this.verifier.verifies(this.request, null)).isFalse();
		assertThat(this.verifier.verifies(this.request, "")).isFalse();
		assertThat(this.verifier.verifies(this.request, "not base64 !")).isFalse();
		assertThat(this.verifier.verifies(this.request, "AAAA")).isFalse();
	}

	@Test
	void keysets_ofTheWrongKindAreRefused() {
		assertThatThrownBy(() -> new RequestSigner(Keysets.generate(Keysets.HPKE_TEMPLATE)))
			.isInstanceOf(SealingException.class);
		assertThatThrownBy(() -> new RequestVerifier(Keysets.publicOf(Keysets.generate(Keysets.HPKE_TEMPLATE))))
			.isInstanceOf(SealingException.class);
	}

	@Test
	void publicSignatureKeysets_roundTripThroughJson() {
		String json = Keysets.toPublicJson(Keysets.publicOf(this.scannerKeys));
		RequestVerifier loaded = new RequestVerifier(Keysets.loadPublic("verify keyset", json, null));

		assertThat(loaded.verifies(this.request, this.signer.sign(this.request))).isTrue();
		assertThatThrownBy(() -> Keysets.loadPublic("verify keyset", Keysets.toSecretJson(this.scannerKeys), null))
			.isInstanceOf(SealingException.class);
	}

}
