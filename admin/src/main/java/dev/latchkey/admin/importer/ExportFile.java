package dev.latchkey.admin.importer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * A plaintext export: JSON lines (one object a line) or CSV with a header line. The id,
 * organization, type and name columns say what they say; every other column is a field.
 * Rows without an id column are called {@code line:N}. Scrubbing rewrites the file (a new
 * file moved over the old one, so a crash leaves one or the other).
 */
final class ExportFile implements LegacySource {

	private static final ObjectMapper json = new ObjectMapper();

	private static final CsvMapper csv = new CsvMapper();

	private final Path file;

	private final boolean isCsv;

	private final Mapping.Columns columns;

	/**
	 * Line number (from 1, data lines only) → source fields to replace and the reference.
	 */
	private final Map<Integer, Scrub> scrubs = new HashMap<>();

	private record Scrub(Collection<String> fields, String reference) {
	}

	ExportFile(Path file, boolean isCsv, Mapping.Columns columns) {
		this.file = file;
		this.isCsv = isCsv;
		this.columns = columns;
		if (!Files.isReadable(file)) {
			throw new MappingException("connection.file " + file + " does not exist or is not readable");
		}
	}

	static ExportFile open(Mapping mapping, Path mappingDirectory) {
		Path file = mappingDirectory.resolve(mapping.connection().file());
		return new ExportFile(file, mapping.source() == SourceKind.CSV, mapping.columns());
	}

	@Override
	public long count() {
		long[] count = { 0 };
		try {
			forEachRecord((line, values) -> count[0]++);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return count[0];
	}

	@Override
	public void forEach(RowHandler handler) throws Exception {
		this.scrubs.clear();
		forEachRecord((line, values) -> {
			Map<String, String> fields = new LinkedHashMap<>(values);
			String id = fields.remove(this.columns.id());
			String organization = fields.remove(this.columns.organization());
			String type = fields.remove(this.columns.type());
			String name = fields.remove(this.columns.name());
			handler.accept(new LegacyRow((id != null && !id.isBlank()) ? id : "line:" + line, organization, type, name,
					(warnings) -> open(fields), (scrubbed, reference) -> {
						this.scrubs.put(line, new Scrub(List.copyOf(scrubbed), reference));
						return true;
					}));
		});
	}

	private static Map<String, String> open(Map<String, String> fields) throws RowFailure {
		Map<String, String> values = new LinkedHashMap<>();
		for (Map.Entry<String, String> field : fields.entrySet()) {
			if (LegacyRow.isReference(field.getValue())) {
				throw new RowFailure(Problem.SCRUBBED, "field '" + field.getKey() + "' holds a Latchkey reference");
			}
			if (field.getValue() != null && !field.getValue().isEmpty()) {
				values.put(field.getKey(), field.getValue());
			}
		}
		return values;
	}

	@FunctionalInterface
	private interface RecordHandler {

		void accept(int line, Map<String, String> values) throws Exception;

	}

	private void forEachRecord(RecordHandler handler) throws IOException {
		try {
			if (this.isCsv) {
				try (MappingIterator<Map<String, String>> records = csv.readerForMapOf(String.class)
					.with(CsvSchema.emptySchema().withHeader())
					.readValues(this.file.toFile())) {
					int line = 0;
					while (records.hasNext()) {
						handler.accept(++line, records.next());
					}
				}
				return;
			}
			try (BufferedReader reader = Files.newBufferedReader(this.file, StandardCharsets.UTF_8)) {
				int line = 0;
				for (String text = reader.readLine(); text != null; text = reader.readLine()) {
					if (text.isBlank()) {
						continue;
					}
					line++;
					handler.accept(line, parse(text, line));
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Map<String, String> parse(String text, int line) {
		Map<String, String> values = new LinkedHashMap<>();
		try {
			JsonNode node = json.readTree(text);
			if (node instanceof ObjectNode object) {
				object.properties().forEach((entry) -> {
					if (!entry.getValue().isNull()) {
						values.put(entry.getKey(), entry.getValue().isValueNode() ? entry.getValue().asText()
								: entry.getValue().toString());
					}
				});
				return values;
			}
		}
		catch (JsonProcessingException ex) {
			// Said below, without the parser's excerpt of the line.
		}
		throw new MappingException(
				"Line " + line + " of the export is not a JSON object; fix or remove it and run again");
	}

	@Override
	public void finishScrub() {
		if (this.scrubs.isEmpty()) {
			return;
		}
		Path rewritten = this.file.resolveSibling(this.file.getFileName() + ".scrubbing");
		try {
			try (Writer out = Files.newBufferedWriter(rewritten, StandardCharsets.UTF_8)) {
				if (this.isCsv) {
					rewriteCsv(out);
				}
				else {
					rewriteJsonLines(out);
				}
			}
			try (FileChannel channel = FileChannel.open(rewritten, StandardOpenOption.WRITE)) {
				channel.force(true);
			}
			Files.move(rewritten, this.file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The export could not be rewritten; it is unchanged", ex);
		}
		this.scrubs.clear();
	}

	private void rewriteJsonLines(Writer out) throws IOException {
		try (BufferedReader reader = Files.newBufferedReader(this.file, StandardCharsets.UTF_8)) {
			int line = 0;
			for (String text = reader.readLine(); text != null; text = reader.readLine()) {
				if (!text.isBlank()) {
					line++;
					Scrub scrub = this.scrubs.get(line);
					if (scrub != null) {
						ObjectNode object = (ObjectNode) json.readTree(text);
						scrub.fields().forEach((field) -> {
							if (object.hasNonNull(field)) {
								object.put(field, scrub.reference());
							}
						});
						text = json.writeValueAsString(object);
					}
				}
				out.write(text);
				out.write('\n');
			}
		}
	}

	private void rewriteCsv(Writer out) throws IOException {
		List<Map<String, String>> records = new ArrayList<>();
		List<String> header = new ArrayList<>();
		try (MappingIterator<Map<String, String>> read = csv.readerForMapOf(String.class)
			.with(CsvSchema.emptySchema().withHeader())
			.readValues(this.file.toFile())) {
			if (read.getParser().getSchema() instanceof CsvSchema schema) {
				schema.forEach((column) -> header.add(column.getName()));
			}
			int line = 0;
			while (read.hasNext()) {
				Map<String, String> record = new LinkedHashMap<>(read.next());
				Scrub scrub = this.scrubs.get(++line);
				if (scrub != null) {
					scrub.fields().forEach((field) -> {
						if (record.get(field) != null && !record.get(field).isEmpty()) {
							record.put(field, scrub.reference());
						}
					});
				}
				if (header.isEmpty()) {
					header.addAll(record.keySet());
				}
				records.add(record);
			}
		}
		CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
		header.forEach(schema::addColumn);
		csv.writer(schema.build()).writeValues(out).writeAll(records).close();
	}

	@Override
	public void close() {
	}

}
