package dev.latchkey.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every released version of a schema lives under
 * {@code src/test/resources/schema-history/<Name>/v<N>.avsc}. The current schema must
 * read data written with every earlier version (BACKWARD, as the registry enforces), and
 * the newest history entry must be the current schema, so that a change cannot land
 * without being recorded.
 */
class SchemaEvolutionTest {

	private static final Path CURRENT = Path.of("src/main/avro");

	private static final Path HISTORY = Path.of("src/test/resources/schema-history");

	@TestFactory
	Stream<DynamicTest> currentSchemaReadsEveryPreviousVersion() throws IOException {
		return currentSchemas().flatMap((current) -> history(current).stream()
			.map((old) -> DynamicTest.dynamicTest(current.getName() + " reads " + old.getFileName(), () -> {
				Schema writer = parse(old);
				Schema reader = parse(current.toPath());
				assertThat(SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType())
					.isEqualTo(SchemaCompatibilityType.COMPATIBLE);
				GenericRecord decoded = roundTrip(sample(writer), writer, reader);
				assertThat(decoded.get("eventId")).hasToString("event-1");
			})));
	}

	@TestFactory
	Stream<DynamicTest> newestHistoryEntryIsTheCurrentSchema() throws IOException {
		return currentSchemas().map((current) -> DynamicTest.dynamicTest(current.getName(), () -> {
			List<Path> versions = history(current);
			assertThat(versions).as("schema-history/%s has versions", current.getName()).isNotEmpty();
			assertThat(parse(versions.get(versions.size() - 1)))
				.as("add the changed %s as the next version under schema-history", current.getName())
				.isEqualTo(parse(current.toPath()));
		}));
	}

	private static Stream<java.io.File> currentSchemas() throws IOException {
		try (Stream<Path> files = Files.list(CURRENT)) {
			return files.filter((p) -> p.toString().endsWith(".avsc")).sorted().map(Path::toFile).toList().stream();
		}
	}

	private static List<Path> history(java.io.File current) {
		String name = current.getName().replace(".avsc", "");
		try (Stream<Path> files = Files.list(HISTORY.resolve(name))) {
			return files.sorted(Comparator.comparingInt(SchemaEvolutionTest::versionOf)).toList();
		}
		catch (IOException ex) {
			return List.of();
		}
	}

	private static int versionOf(Path path) {
		return Integer.parseInt(path.getFileName().toString().replaceAll("\\D", ""));
	}

	private static Schema parse(Path path) throws IOException {
		return new Schema.Parser().parse(path.toFile());
	}

	private static GenericRecord sample(Schema schema) {
		GenericRecord record = new GenericData.Record(schema);
		for (Schema.Field field : schema.getFields()) {
			record.put(field.name(), sampleValue(field.name(), field.schema()));
		}
		return record;
	}

	private static Object sampleValue(String name, Schema schema) {
		return switch (schema.getType()) {
			case STRING -> name.equals("eventId") ? "event-1" : "x";
			case LONG -> 1L;
			case INT -> 1;
			case BOOLEAN -> true;
			case BYTES -> java.nio.ByteBuffer.wrap(new byte[] { 1, 2, 3 });
			case MAP -> java.util.Map.of("k", "v");
			case ARRAY -> List.of();
			case UNION -> null;
			case ENUM -> new GenericData.EnumSymbol(schema, schema.getEnumSymbols().get(0));
			default -> throw new IllegalStateException("Add a sample for " + schema.getType());
		};
	}

	private static GenericRecord roundTrip(GenericRecord record, Schema writer, Schema reader) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
		new GenericDatumWriter<GenericRecord>(writer).write(record, encoder);
		encoder.flush();
		return new GenericDatumReader<GenericRecord>(writer, reader).read(null,
				DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
	}

}
