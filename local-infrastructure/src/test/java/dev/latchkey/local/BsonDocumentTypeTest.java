package dev.latchkey.local;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BsonDocumentTypeTest {

	private final BsonDocumentType type = BsonDocumentType.INSTANCE;

	@Test
	void aDocumentOfEveryKindOfValueIsWrittenAsBsonAndReadBackEqual() {
		Document document = new Document("_id", new ObjectId()).append("text", "ünïcødé ✓ 😀")
			.append("int", 7)
			.append("long", 7L)
			.append("double", 2.5)
			.append("flag", true)
			.append("none", null)
			.append("at", Instant.ofEpochMilli(1_700_000_000_123L))
			.append("uuid", UUID.randomUUID())
			.append("bytes", new BinData(new byte[] { 1, 2, 3 }))
			.append("decimal", new Decimal128(new BigDecimal("12.50")))
			.append("nested", new Document("list", List.of(1, "two", new Document("three", 3L))))
			.append("empty", new Document());

		ByteBuffer written = write(document);

		assertThat(written.get(0)).isEqualTo(BsonDocumentType.BSON);
		assertThat(this.type.read(written)).isEqualTo(document);
		assertThat(written.remaining()).isZero();
	}

	@Test
	void aDocumentBsonWouldChangeIsJavaSerialisedAndReadBackEqual() {
		Document precise = new Document("_id", "a").append("at", Instant.ofEpochSecond(1_700_000_000L, 123_456_789));
		Document unknownToBson = new Document("_id", "b").append("small", (short) 3);

		for (Document document : List.of(precise, unknownToBson)) {
			ByteBuffer written = write(document);
			assertThat(written.get(0)).isNotEqualTo(BsonDocumentType.BSON);
			assertThat(this.type.read(written)).isEqualTo(document);
		}
	}

	@Test
	void readsDocumentsThePlainBackendWrote() {
		Document document = new Document("_id", "integration-1").append("version", 4).append("tags", List.of("a"));
		WriteBuffer buffer = new WriteBuffer();
		new ObjectDataType().write(buffer, document);

		assertThat(this.type.read(buffer.getBuffer().flip())).isEqualTo(document);
	}

	@Test
	void valuesOfBothFormsFollowEachOtherInAPage() {
		Document bson = new Document("_id", "a").append("n", 1);
		Document javaSerialised = new Document("_id", "b").append("at", Instant.ofEpochSecond(0, 1));
		WriteBuffer buffer = new WriteBuffer();
		this.type.write(buffer, new Document[] { bson, javaSerialised, bson }, 3);

		ByteBuffer page = buffer.getBuffer().flip();
		Document[] read = this.type.createStorage(3);
		this.type.read(page, read, 3);

		assertThat(read).containsExactly(bson, javaSerialised, bson);
		assertThat(page.remaining()).isZero();
	}

	@Test
	void theMemoryEstimateIsTheSameForEqualDocumentsAndGrowsWithThem() {
		Document small = new Document("_id", "a");
		Document large = new Document("_id", "a").append("body", "x".repeat(1_000));

		assertThat(this.type.getMemory(small)).isEqualTo(this.type.getMemory(new Document("_id", "a")));
		assertThat(this.type.getMemory(large)).isGreaterThan(this.type.getMemory(small) + 1_000);
	}

	private ByteBuffer write(Document document) {
		WriteBuffer buffer = new WriteBuffer();
		this.type.write(buffer, document);
		return buffer.getBuffer().flip();
	}

}
