package dev.latchkey.catalogue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IntegrationIdTest {

	@Test
	void of_matchesTheDocumentedDerivation() {
		// Reference values: "int_" + base32(sha256(tenant NUL provider NUL
		// name)).lower()[:26],
		// computed independently (Python hashlib + base64.b32encode).
		assertThat(IntegrationId.of("acme", "demo", "default").value()).isEqualTo("int_jmkv37tonej5flj2dmowfncnz7");
		assertThat(IntegrationId.of("t1", "twilio", "billing").value()).isEqualTo("int_xkwhgvu3ywk6vrdlqqnz3v2jan");
	}

	@Test
	void of_isStable() {
		assertThat(IntegrationId.of("acme", "demo", "default")).isEqualTo(IntegrationId.of("acme", "demo", "default"));
	}

	@Test
	void of_isDistinctPerTenantProviderAndName() {
		IntegrationId base = IntegrationId.of("acme", "demo", "default");
		assertThat(IntegrationId.of("globex", "demo", "default")).isNotEqualTo(base);
		assertThat(IntegrationId.of("acme", "stripe", "default")).isNotEqualTo(base);
		assertThat(IntegrationId.of("acme", "demo", "billing")).isNotEqualTo(base);
	}

	@Test
	void of_doesNotConfuseWhereOnePartEndsAndTheNextBegins() {
		assertThat(IntegrationId.of("ab", "c", "d")).isNotEqualTo(IntegrationId.of("a", "bc", "d"));
		assertThat(IntegrationId.of("a", "b", "cd")).isNotEqualTo(IntegrationId.of("a", "bc", "d"));
	}

	@Test
	void of_hasThePrefixAnd26LowercaseBase32Characters() {
		assertThat(IntegrationId.of("acme", "demo", "default").value()).matches("int_[a-z2-7]{26}");
	}

	@Test
	void base32_followsRfc4648TestVectors() {
		assertThat(IntegrationId.base32(bytes(""))).isEmpty();
		assertThat(IntegrationId.base32(bytes("f"))).isEqualTo("my");
		assertThat(IntegrationId.base32(bytes("fo"))).isEqualTo("mzxq");
		assertThat(IntegrationId.base32(bytes("foo"))).isEqualTo("mzxw6");
		assertThat(IntegrationId.base32(bytes("foob"))).isEqualTo("mzxw6yq");
		assertThat(IntegrationId.base32(bytes("fooba"))).isEqualTo("mzxw6ytb");
		assertThat(IntegrationId.base32(bytes("foobar"))).isEqualTo("mzxw6ytboi");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void onlyIdsOfItsShapeAreWellFormed() {
		assertThat(IntegrationId.isWellFormed(IntegrationId.of("acme", "demo", "default").value())).isTrue();
		assertThat(IntegrationId.isWellFormed("int_not-even-an-id")).isFalse();
		assertThat(IntegrationId.isWellFormed("../int_aaaaaaaaaaaaaaaaaaaaaaaaaa")).isFalse();
		assertThat(IntegrationId.isWellFormed(null)).isFalse();
	}

}
