package dev.latchkey.vault.credential;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import com.mongodb.reactivestreams.client.MongoCollection;
import dev.latchkey.vault.crypto.Envelope;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;

/**
 * Collections {@code credentials} (one document per integration, {@code _id} =
 * integration id, an index on {@code state} for the pending sweep) and
 * {@code credential_versions} (one per submission, {@code _id} = event id; a deleted
 * integration's versions lose their wrapped data key), {@code deletions} (one per
 * deletion, {@code _id} = integration id @ version). The secret is stored only as an
 * {@link Envelope}.
 */
@Component
class MongoCredentialRepository implements CredentialRepository {

	private static final Logger logger = LoggerFactory.getLogger(MongoCredentialRepository.class);

	static final String CREDENTIALS = "credentials";

	static final String VERSIONS = "credential_versions";

	static final String DELETIONS = "deletions";

	private final ReactiveMongoTemplate mongo;

	/**
	 * Created before the first sweep's query and then remembered; a failure is retried at
	 * the next sweep. Single field: mongo-java-server ignores compound indexes (and
	 * builds no secondary index at all, but accepts it).
	 */
	private final Mono<String> stateIndex;

	MongoCredentialRepository(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
		this.stateIndex = collection(CREDENTIALS).flatMap((c) -> Mono.from(c.createIndex(Indexes.ascending("state"))))
			.cache((name) -> Duration.ofMillis(Long.MAX_VALUE), (ex) -> Duration.ZERO, () -> Duration.ZERO);
	}

	@Override
	public Mono<Credential> find(String integrationId) {
		return collection(CREDENTIALS).flatMap((c) -> Mono.from(c.find(Filters.eq("_id", integrationId)).first()))
			.map(MongoCredentialRepository::toCredential);
	}

	@Override
	public Mono<CredentialVersion> findVersion(String eventId) {
		return collection(VERSIONS).flatMap((c) -> Mono.from(c.find(Filters.eq("_id", eventId)).first()))
			.map(MongoCredentialRepository::toVersion);
	}

	@Override
	public Mono<Boolean> recordVersion(CredentialVersion version) {
		return insertUnlessPresent(VERSIONS, toDocument(version));
	}

	@Override
	public Mono<Boolean> insert(Credential credential) {
		return insertUnlessPresent(CREDENTIALS, toDocument(credential));
	}

	@Override
	public Mono<Boolean> replace(Credential current, Credential next) {
		Bson unchanged = Filters.and(Filters.eq("_id", current.integrationId()),
				Filters.eq("version", current.version()), Filters.eq("lastEventId", current.lastEventId()));
		return collection(CREDENTIALS).flatMap((c) -> Mono.from(c.replaceOne(unchanged, toDocument(next))))
			.map((result) -> result.getMatchedCount() == 1);
	}

	@Override
	public Flux<Credential> findPending(Instant updatedBefore, SweepPosition after, int limit) {
		Bson pending = Filters.and(Filters.eq("state", CredentialState.PENDING_VERIFICATION.name()),
				Filters.lt("updatedAt", date(updatedBefore)));
		Bson filter = after.isFirst() ? pending
				: Filters.and(pending, Filters.or(Filters.gt("updatedAt", date(after.updatedAt())), Filters
					.and(Filters.eq("updatedAt", date(after.updatedAt())), Filters.gt("_id", after.integrationId()))));
		return ensureStateIndex()
			.thenMany(collection(CREDENTIALS)
				.flatMapMany((c) -> c.find(filter).sort(Sorts.ascending("updatedAt", "_id")).limit(limit)))
			.map(MongoCredentialRepository::toCredential);
	}

	@Override
	public Mono<Long> shredVersions(String integrationId, long upToVersion, Instant at) {
		Bson unshredded = Filters.and(Filters.eq("integrationId", integrationId), Filters.lte("version", upToVersion),
				Filters.exists("secret.wrappedDataKey"));
		Bson shred = Updates.combine(Updates.unset("secret.wrappedDataKey"), Updates.set("shreddedAt", date(at)));
		return collection(VERSIONS).flatMap((c) -> Mono.from(c.updateMany(unshredded, shred)))
			.map(UpdateResult::getModifiedCount);
	}

	@Override
	public Flux<Credential> findUnfinishedDeletions(Instant updatedBefore, int limit) {
		Bson unfinished = Filters.and(Filters.eq("state", CredentialState.DELETED.name()),
				Filters.eq("reason", Credential.DELETING), Filters.lt("updatedAt", date(updatedBefore)));
		return ensureStateIndex().thenMany(collection(CREDENTIALS).flatMapMany((c) -> c.find(unfinished).limit(limit)))
			.map(MongoCredentialRepository::toCredential);
	}

	@Override
	public Flux<String> undeletedOf(String tenantId, String afterId, int limit) {
		Bson filter = Filters.and(Filters.eq("tenantId", tenantId),
				Filters.or(Filters.ne("state", CredentialState.DELETED.name()),
						Filters.ne("reason", Credential.DELETION_COMPLETE)));
		if (afterId != null) {
			filter = Filters.and(filter, Filters.gt("_id", afterId));
		}
		Bson query = filter;
		return collection(CREDENTIALS)
			.flatMapMany(
					(c) -> c.find(query).projection(new Document("_id", 1)).sort(Sorts.ascending("_id")).limit(limit))
			.map((document) -> document.getString("_id"));
	}

	@Override
	public Mono<Void> recordDeletion(Credential deleted, String revocation) {
		Document deletion = new Document("_id", deleted.integrationId() + "@" + deleted.version())
			.append("tenantId", deleted.tenantId())
			.append("integrationId", deleted.integrationId())
			.append("provider", deleted.provider())
			.append("name", deleted.name())
			.append("version", deleted.version())
			.append("deletedAt", date(deleted.updatedAt()))
			.append("revocation", revocation);
		return insertUnlessPresent(DELETIONS, deletion).then();
	}

	/**
	 * The sweep works without the index, only slower: a failure is logged, not raised.
	 */
	private Mono<String> ensureStateIndex() {
		return this.stateIndex.onErrorResume((ex) -> {
			logger.warn("Cannot create the index on credentials.state (retried at the next sweep): {}",
					ex.getMessage());
			return Mono.empty();
		});
	}

	private Mono<Boolean> insertUnlessPresent(String collection, Document document) {
		return collection(collection).flatMap((c) -> Mono.from(c.insertOne(document)))
			.thenReturn(true)
			.onErrorResume(MongoWriteException.class,
					(ex) -> (ex.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) ? Mono.just(false)
							: Mono.error(ex));
	}

	private Mono<MongoCollection<Document>> collection(String name) {
		return this.mongo.getCollection(name);
	}

	private static Document toDocument(Credential credential) {
		return new Document("_id", credential.integrationId()).append("tenantId", credential.tenantId())
			.append("integrationId", credential.integrationId())
			.append("provider", credential.provider())
			.append("name", credential.name())
			.append("version", credential.version())
			.append("publicFields", new Document(new LinkedHashMap<>(credential.publicFields())))
			.append("secret", (credential.envelope() != null) ? toDocument(credential.envelope()) : null)
			.append("state", credential.state().name())
			.append("reason", credential.reason())
			.append("createdAt", date(credential.createdAt()))
			.append("updatedAt", date(credential.updatedAt()))
			.append("lastVerifiedAt", date(credential.lastVerifiedAt()))
			.append("lastEventId", credential.lastEventId())
			.append("recentEventIds", credential.recentEventIds())
			.append("source", credential.source())
			.append("expiresAt", date(credential.expiresAt()))
			.append("lastCheckedAt", date(credential.lastCheckedAt()))
			.append("nextCheckAt", date(credential.nextCheckAt()))
			.append("findings", findingDocuments(credential.findings()))
			.append("scanEverySeconds", credential.scanEverySeconds());
	}

	static List<Document> findingDocuments(List<Finding> findings) {
		return findings.stream()
			.map((finding) -> new Document("code", finding.code()).append("severity", finding.severity())
				.append("message", finding.message())
				.append("attributes", new Document(new LinkedHashMap<>(finding.attributes()))))
			.toList();
	}

	static List<Finding> findings(Document document) {
		return document.getList("findings", Document.class, List.of())
			.stream()
			.map((finding) -> new Finding(finding.getString("code"), finding.getString("severity"),
					finding.getString("message"), strings(finding.get("attributes", Document.class))))
			.toList();
	}

	private static Long longOrNull(Document document, String key) {
		Number number = document.get(key, Number.class);
		return (number != null) ? number.longValue() : null;
	}

	private static Credential toCredential(Document document) {
		return new Credential(document.getString("_id"), document.getString("tenantId"), document.getString("provider"),
				document.getString("name"), number(document, "version"),
				strings(document.get("publicFields", Document.class)),
				toEnvelopeOrNull(document.get("secret", Document.class)),
				CredentialState.valueOf(document.getString("state")), document.getString("reason"),
				instant(document, "createdAt"), instant(document, "updatedAt"), instant(document, "lastVerifiedAt"),
				document.getList("recentEventIds", String.class, List.of()), document.getString("source"),
				instant(document, "expiresAt"), instant(document, "lastCheckedAt"), instant(document, "nextCheckAt"),
				findings(document), longOrNull(document, "scanEverySeconds"));
	}

	private static Document toDocument(CredentialVersion version) {
		return new Document("_id", version.eventId()).append("tenantId", version.tenantId())
			.append("integrationId", version.integrationId())
			.append("provider", version.provider())
			.append("name", version.name())
			.append("version", version.version())
			.append("publicFields", new Document(new LinkedHashMap<>(version.publicFields())))
			.append("secret", toDocument(version.envelope()))
			.append("source", version.source())
			.append("receivedAt", date(version.receivedAt()))
			.append("storedAt", date(version.storedAt()))
			.append("expiresAt", date(version.expiresAt()))
			.append("scanEverySeconds", version.scanEverySeconds());
	}

	private static CredentialVersion toVersion(Document document) {
		return new CredentialVersion(document.getString("_id"), document.getString("tenantId"),
				document.getString("integrationId"), document.getString("provider"), document.getString("name"),
				number(document, "version"), strings(document.get("publicFields", Document.class)),
				toEnvelope(document.get("secret", Document.class)), document.getString("source"),
				instant(document, "receivedAt"), instant(document, "storedAt"), instant(document, "expiresAt"),
				longOrNull(document, "scanEverySeconds"));
	}

	private static Document toDocument(Envelope envelope) {
		return new Document("ciphertext", new Binary(envelope.ciphertext()))
			.append("wrappedDataKey", new Binary(envelope.wrappedDataKey()))
			.append("rootKeyId", envelope.rootKeyId())
			.append("tenantKeyId", envelope.tenantKeyId())
			.append("format", envelope.format());
	}

	static Envelope toEnvelope(Document document) {
		Number format = document.get("format", Number.class);
		return new Envelope(bytes(document.get("ciphertext")), bytes(document.get("wrappedDataKey")),
				number(document, "rootKeyId"), number(document, "tenantKeyId"),
				(format != null) ? format.intValue() : Envelope.LEGACY);
	}

	private static Envelope toEnvelopeOrNull(Document document) {
		return (document != null) ? toEnvelope(document) : null;
	}

	static Map<String, String> strings(Document document) {
		Map<String, String> strings = new LinkedHashMap<>();
		if (document != null) {
			document.forEach((key, value) -> strings.put(key, String.valueOf(value)));
		}
		return strings;
	}

	/** A destroyed data key reads as no bytes: nothing opens it. */
	private static byte[] bytes(Object value) {
		if (value == null) {
			return new byte[0];
		}
		return (value instanceof Binary binary) ? binary.getData() : (byte[]) value;
	}

	private static long number(Document document, String key) {
		return document.get(key, Number.class).longValue();
	}

	private static Date date(Instant instant) {
		return (instant != null) ? Date.from(instant) : null;
	}

	private static Instant instant(Document document, String key) {
		Date date = document.getDate(key);
		return (date != null) ? date.toInstant() : null;
	}

}
