package dev.latchkey.admin.importer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;

/**
 * The MongoDB {@code secrets} collection: one document per tenant and provider,
 * {@code data} = base64(iv[12] ‖ tag[16] ‖ ciphertext), AES-256-GCM under
 * {@code APP_ENCRYPTION_KEY}. The plaintext is a JSON object of fields (any other
 * plaintext becomes the single field {@code value}). Scrubbing replaces {@code data} as a
 * whole.
 */
final class SecretsCollection implements LegacySource {

	private static final ObjectMapper json = new ObjectMapper();

	private final MongoClient client;

	private final MongoCollection<Document> collection;

	private final Mapping.Columns columns;

	private final AesGcmPacked cipher;

	SecretsCollection(MongoClient client, MongoCollection<Document> collection, Mapping.Columns columns,
			AesGcmPacked cipher) {
		this.client = client;
		this.collection = collection;
		this.columns = columns;
		this.cipher = cipher;
	}

	static SecretsCollection open(Mapping mapping, Map<String, String> environment, LegacyKeys keys) {
		AesGcmPacked cipher = new AesGcmPacked(
				keys.aes256(mapping.encryption().key(), mapping.encryption().keyEncoding()));
		Mapping.Connection connection = mapping.connection();
		String url = (connection.urlEnv() != null) ? environment.get(connection.urlEnv()) : connection.url();
		if (url == null) {
			throw new MappingException("connection.urlEnv names " + connection.urlEnv() + ", which is not set");
		}
		MongoClient client = MongoClients.create(url);
		return new SecretsCollection(client,
				client.getDatabase(connection.database()).getCollection(connection.collection()), mapping.columns(),
				cipher);
	}

	@Override
	public long count() {
		try {
			return this.collection.countDocuments();
		}
		catch (MongoException ex) {
			throw new MappingException("Cannot read the legacy collection: " + ex.getClass().getSimpleName(), ex);
		}
	}

	@Override
	public void forEach(RowHandler handler) throws Exception {
		try (MongoCursor<Document> documents = this.collection.find()
			.sort(Sorts.ascending("_id"))
			.batchSize(PostgresConnection.FETCH_SIZE)
			.iterator()) {
			while (documents.hasNext()) {
				Document document = documents.next();
				Object key = document.get("_id");
				String id = (key instanceof ObjectId objectId) ? objectId.toHexString() : String.valueOf(key);
				Object data = document.get(this.columns.data());
				handler.accept(new LegacyRow(id, text(document.get(this.columns.organization())),
						text(document.get(this.columns.type())),
						(this.columns.name() != null) ? text(document.get(this.columns.name())) : null,
						(warnings) -> open(data), (fields, reference) -> scrub(key, data, reference)));
			}
		}
	}

	private Map<String, String> open(Object data) throws RowFailure {
		String plaintext;
		if (data instanceof String text) {
			if (LegacyRow.isReference(text)) {
				throw new RowFailure(Problem.SCRUBBED, this.columns.data() + " holds a Latchkey reference");
			}
			plaintext = this.cipher.open(text, this.columns.data());
		}
		else if (data instanceof Binary binary && binary.getData().length > 28) {
			plaintext = this.cipher.open(binary.getData(), this.columns.data());
		}
		else {
			throw new RowFailure(Problem.BAD_CIPHERTEXT,
					this.columns.data() + ((data == null) ? " is missing" : " is neither base64 text nor binary"));
		}
		Map<String, String> values = new LinkedHashMap<>();
		try {
			JsonNode node = json.readTree(plaintext);
			if (node != null && node.isObject()) {
				node.properties().forEach((entry) -> {
					if (!entry.getValue().isNull()) {
						values.put(entry.getKey(), entry.getValue().isValueNode() ? entry.getValue().asText()
								: entry.getValue().toString());
					}
				});
				return values;
			}
		}
		catch (JsonProcessingException ex) {
			// Not JSON: a single secret value.
		}
		values.put("value", plaintext);
		return values;
	}

	private boolean scrub(Object id, Object data, String reference) {
		return this.collection
			.updateOne(Filters.and(Filters.eq("_id", id), Filters.eq(this.columns.data(), data)),
					Updates.set(this.columns.data(), reference))
			.getModifiedCount() == 1;
	}

	@Override
	public void close() {
		this.client.close();
	}

	private static String text(Object value) {
		return (value != null) ? value.toString() : null;
	}

}
