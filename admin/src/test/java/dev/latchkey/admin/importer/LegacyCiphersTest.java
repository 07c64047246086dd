package dev.latchkey.admin.importer;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LegacyCiphersTest {

	private static final String KEY = LegacyCrypto.newKey();

	private static final String OTHER_KEY = LegacyCrypto.newKey();

	// The Fernet spec's own vector (github.com/fernet/spec, generate.json / verify.json).
	private static final String SPEC_SECRET = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";

	private static final String SPEC_TOKEN = "gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==";

	@Test
	void fernet_opensTheSpecsTestVector() throws RowFailure {
		assertThat(Fernet.ofKey(SPEC_SECRET).open(SPEC_TOKEN, "token")).isEqualTo("hello");
	}

	@Test
	void fernet_refusesTheSpecsVectorAlteredOrUnderAnotherKey() {
		byte[] token = Base64.getUrlDecoder().decode(SPEC_TOKEN);
		token[token.length - 1] ^= 1;
		String badMac = Base64.getUrlEncoder().encodeToString(token);
		assertProblem(() -> Fernet.ofKey(SPEC_SECRET).open(badMac, "token"), Problem.WRONG_KEY);
		assertProblem(() -> Fernet.ofKey(Base64.getUrlEncoder().encodeToString(new byte[32])).open(SPEC_TOKEN, "token"),
				Problem.WRONG_KEY);
		assertProblem(() -> Fernet.ofKey(SPEC_SECRET).open(SPEC_TOKEN.substring(0, 40), "token"),
				Problem.BAD_CIPHERTEXT);
		assertProblem(() -> Fernet.ofKey(SPEC_SECRET).open("%%%%" + SPEC_TOKEN, "token"), Problem.BAD_CIPHERTEXT);
	}

	@Test
	void fernet_pbkdf2DerivationMatchesRfc7914() {
		// RFC 7914 §11: PBKDF2-HMAC-SHA256, P="passwd", S="salt", c=1 (first 32 bytes).
		assertThat(HexFormat.of().formatHex(LegacyCrypto.pbkdf2("passwd", "salt", 1)))
			.isEqualTo("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
	}

	@Test
	void fernet_opensTokensTheFernetLibraryMadeUnderTheDerivedKey() throws RowFailure {
		String token = LegacyCrypto.fernet("the legacy ENCRYPTION_KEY", "fixed-salt", 1000, "xoxb-1234-secret");
		assertThat(Fernet.derive("the legacy ENCRYPTION_KEY", "fixed-salt".getBytes(StandardCharsets.UTF_8), 1000)
			.open(token, "bot_token")).isEqualTo("xoxb-1234-secret");
		assertProblem(() -> Fernet.derive("another key", "fixed-salt".getBytes(StandardCharsets.UTF_8), 1000)
			.open(token, "bot_token"), Problem.WRONG_KEY);
	}

	@Test
	void dotted_opensHexAndBase64WithTwelveOrSixteenByteIvs() throws RowFailure {
		AesGcmDotted cipher = new AesGcmDotted(Base64.getDecoder().decode(KEY));
		for (boolean hex : new boolean[] { true, false }) {
			for (int iv : new int[] { 12, 16 }) {
				String sealed = LegacyCrypto.dotted(KEY, "sbp_secret_token", hex, iv);
				assertThat(cipher.looksSealed(sealed)).isTrue();
				assertThat(cipher.open(sealed, "field 'access_token'")).isEqualTo("sbp_secret_token");
			}
		}
	}

	@Test
	void dotted_tellsAWrongKeyFromAMalformedValue() {
		AesGcmDotted cipher = new AesGcmDotted(Base64.getDecoder().decode(KEY));
		String underOtherKey = LegacyCrypto.dotted(OTHER_KEY, "secret", true, 12);
		assertProblem(() -> cipher.open(underOtherKey, "field 'api_key'"), Problem.WRONG_KEY);
		String truncatedTag = underOtherKey.replaceFirst("\\.([0-9a-f]{30})[0-9a-f]{2}\\.", ".$1.");
		assertThat(cipher.looksSealed(truncatedTag)).isFalse();
		assertProblem(() -> cipher.open(truncatedTag, "field 'api_key'"), Problem.BAD_CIPHERTEXT);
	}

	@Test
	void dotted_doesNotMistakeAPlaintextTokenForCiphertext() {
		AesGcmDotted cipher = new AesGcmDotted(Base64.getDecoder().decode(KEY));
		assertThat(cipher.looksSealed(
				"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"))
			.isFalse();
		assertThat(cipher.looksSealed("demo_live_0123456789")).isFalse();
	}

	@Test
	void packed_opensAndTellsAWrongKeyFromAShortValue() throws RowFailure {
		AesGcmPacked cipher = new AesGcmPacked(Base64.getDecoder().decode(KEY));
		String sealed = LegacyCrypto.packed(KEY, "{\"auth_token\":\"x\"}");
		assertThat(cipher.open(sealed, "data")).isEqualTo("{\"auth_token\":\"x\"}");
		assertProblem(() -> new AesGcmPacked(Base64.getDecoder().decode(OTHER_KEY)).open(sealed, "data"),
				Problem.WRONG_KEY);
		assertProblem(() -> cipher.open(Base64.getEncoder().encodeToString(new byte[20]), "data"),
				Problem.BAD_CIPHERTEXT);
	}

	@Test
	void failuresNeverRepeatTheValue() {
		AesGcmDotted cipher = new AesGcmDotted(Base64.getDecoder().decode(KEY));
		String underOtherKey = LegacyCrypto.dotted(OTHER_KEY, "secret", true, 12);
		assertThatThrownBy(() -> cipher.open(underOtherKey, "field 'api_key'"))
			.hasMessageNotContaining(underOtherKey.substring(0, 10));
	}

	private static void assertProblem(ThrowingOpen open, Problem expected) {
		assertThatThrownBy(open::open).isInstanceOfSatisfying(RowFailure.class,
				(failure) -> assertThat(failure.problem()).isEqualTo(expected));
	}

	@FunctionalInterface
	private interface ThrowingOpen {

		String open() throws RowFailure;

	}

}
