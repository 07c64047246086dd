package dev.latchkey.collector.credential;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IdempotencyKeyTest {

	@Test
	void fromHeader_isNullWithoutTheHeader() {
		assertThat(IdempotencyKey.fromHeader(null)).isNull();
		assertThat(IdempotencyKey.fromHeader(List.of())).isNull();
	}

	@Test
	void fromHeader_takesABareValueOrAStructuredFieldStringAsTheSameKey() {
		IdempotencyKey bare = IdempotencyKey.fromHeader(List.of("8e03978e-40d5-43e8-bc93-6894a57f9324"));
		IdempotencyKey quoted = IdempotencyKey.fromHeader(List.of("\"8e03978e-40d5-43e8-bc93-6894a57f9324\""));

		assertThat(quoted).isEqualTo(bare);
		assertThat(bare.value()).isEqualTo("8e03978e-40d5-43e8-bc93-6894a57f9324");
	}

	@Test
	void fromHeader_unescapesQuotesAndBackslashes() {
		assertThat(IdempotencyKey.fromHeader(List.of("\"a\\\"b\\\\c\"")).value()).isEqualTo("a\"b\\c");
	}

	@Test
	void headerValue_isAStructuredFieldStringThatParsesBackToTheKey() {
		IdempotencyKey key = new IdempotencyKey("a\"b\\c d");

		assertThat(key.headerValue()).isEqualTo("\"a\\\"b\\\\c d\"");
		assertThat(IdempotencyKey.fromHeader(List.of(key.headerValue()))).isEqualTo(key);
	}

	@Test
	void fromHeader_acceptsOneTo255PrintableCharacters() {
		assertThat(IdempotencyKey.fromHeader(List.of("x")).value()).isEqualTo("x");
		assertThat(IdempotencyKey.fromHeader(List.of("~".repeat(255))).value()).hasSize(255);
		assertThat(IdempotencyKey.fromHeader(List.of("\" \"")).value()).isEqualTo(" ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "\"\"", "\"unterminated", "\"one\" \"two\"", "\"a\";p=1", "\"bad \\escape\"",
			"tab\there", "nul\u0000", "caf\u00e9", "snow\u2603man" })
	void fromHeader_refusesAMalformedKeyWithoutQuotingIt(String value) {
		assertThatExceptionOfType(InvalidIdempotencyKeyException.class)
			.isThrownBy(() -> IdempotencyKey.fromHeader(List.of(value)))
			.withMessageStartingWith("Idempotency-Key ")
			.satisfies((ex) -> {
				if (!value.isBlank()) {
					assertThat(ex.getMessage()).doesNotContain(value.strip());
				}
			});
	}

	@Test
	void fromHeader_refusesAKeyOver255Characters() {
		assertThatExceptionOfType(InvalidIdempotencyKeyException.class)
			.isThrownBy(() -> IdempotencyKey.fromHeader(List.of("k".repeat(256))));
	}

	@Test
	void fromHeader_refusesTheHeaderTwice() {
		assertThatExceptionOfType(InvalidIdempotencyKeyException.class)
			.isThrownBy(() -> IdempotencyKey.fromHeader(List.of("one", "two")))
			.withMessage("Idempotency-Key must be sent once");
	}

	@Test
	void scopedTo_differsPerTenantAndHidesTheKey() {
		IdempotencyKey key = new IdempotencyKey("order-42");

		assertThat(key.scopedTo("acme")).isEqualTo(key.scopedTo("acme")).matches("[0-9a-f]{64}");
		assertThat(key.scopedTo("acme")).isNotEqualTo(key.scopedTo("globex"));
	}

	@Test
	void generate_makesDistinctValidKeys() {
		assertThat(IdempotencyKey.generate()).isNotEqualTo(IdempotencyKey.generate());
		assertThat(IdempotencyKey.generate().value()).hasSize(36);
	}

	@Test
	void toString_doesNotPrintTheKey() {
		assertThat(new IdempotencyKey("private-looking-key")).hasToString("IdempotencyKey[19 characters]");
	}

}
