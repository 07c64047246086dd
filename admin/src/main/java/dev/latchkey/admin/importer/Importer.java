package dev.latchkey.admin.importer;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

import dev.latchkey.catalogue.Field;
import dev.latchkey.catalogue.IntegrationId;
import dev.latchkey.catalogue.Provider;
import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.Sealer;
import dev.latchkey.crypto.SecretFields;
import dev.latchkey.schemas.CredentialReceived;
import dev.latchkey.schemas.IntegrationStatusChanged;

/**
 * One legacy row at a time: opens it, maps it to a tenant, provider, name and fields,
 * checks it against the catalogue, and — unless it is a dry run — seals the secret fields
 * to the vault and publishes {@code CredentialReceived} with source {@value #SOURCE}. The
 * plaintext stays in this process: only the sealed secret and the public fields leave.
 */
final class Importer {

	/** The {@code source} of every imported credential. */
	static final String SOURCE = "IMPORT";

	private final SourceKind kind;

	private final Mapping mapping;

	private final ProviderCatalogue catalogue;

	private final EventIds ids;

	private final Checkpoint checkpoint;

	private final Map<String, IntegrationStatusChanged> existing;

	private final Sealer vault;

	private final CredentialPublisher publisher;

	private final ImportReport report;

	private final Clock clock;

	/** Integration id → the row that claimed it (this run, or an earlier one). */
	private final Map<String, String> claimed = new HashMap<>();

	/**
	 * Sealing (HPKE, an X25519 operation per row) is most of a row's cost, so rows are
	 * sealed and sent on one thread per core; at most {@link #IN_FLIGHT} wait their turn.
	 */
	private final ExecutorService sealers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
			(task) -> {
				Thread thread = new Thread(task, "import-sealer");
				thread.setDaemon(true);
				return thread;
			});

	private static final int IN_FLIGHT = 512;

	private final Semaphore inFlight = new Semaphore(IN_FLIGHT);

	private final AtomicReference<RuntimeException> sealingFailure = new AtomicReference<>();

	/**
	 * @param vault {@code null} on a dry run
	 * @param publisher {@code null} on a dry run
	 */
	Importer(Mapping mapping, ProviderCatalogue catalogue, EventIds ids, Checkpoint checkpoint,
			Map<String, IntegrationStatusChanged> existing, Sealer vault, CredentialPublisher publisher,
			ImportReport report, Clock clock) {
		this.kind = mapping.source();
		this.mapping = mapping;
		this.catalogue = catalogue;
		this.ids = ids;
		this.checkpoint = checkpoint;
		this.existing = existing;
		this.vault = vault;
		this.publisher = publisher;
		this.report = report;
		this.clock = clock;
		checkpoint.published().forEach((entry) -> this.claimed.put(entry.integration(), entry.row()));
	}

	/** Imports (or on a dry run, judges) one row; its outcome goes to the report. */
	void accept(LegacyRow row) {
		Prepared prepared;
		try {
			prepared = prepare(row);
			String owner = this.claimed.putIfAbsent(prepared.integrationId(), row.id());
			if (owner != null && !owner.equals(row.id())) {
				throw new RowFailure(Problem.DUPLICATE_INTEGRATION, "tenant " + prepared.tenant() + ", provider "
						+ prepared.provider().id() + ", name " + prepared.name() + " is row " + owner + "'s already");
			}
		}
		catch (RowFailure failure) {
			this.report.problem(row.id(), failure.problem(), failure.detail(), tenantOrNull(row), providerOrNull(row));
			return;
		}
		prepared.warnings().forEach((warning) -> this.report.warning(row.id(), warning));
		Checkpoint.Entry done = this.checkpoint.find(row.id()).orElse(null);
		if (done != null && done.event().equals(prepared.eventId())) {
			this.report.problem(row.id(), Problem.ALREADY_IMPORTED, "event " + prepared.eventId(), prepared.tenant(),
					prepared.provider().id());
			return;
		}
		IntegrationStatusChanged status = this.existing.get(prepared.integrationId());
		if (status == null) {
			this.report.created(prepared.tenant(), prepared.provider().id());
		}
		else {
			this.report.updated(prepared.tenant(), prepared.provider().id());
		}
		if (this.publisher != null) {
			publish(row, prepared, before(status, done));
		}
	}

	/**
	 * The version after which a status is this row's outcome. When the checkpoint does
	 * not know the row but the integration's current version was imported, that version
	 * may be this very event from a run killed before its checkpoint line was written
	 * (the vault applies it once, so no newer version comes): it counts too.
	 */
	private static long before(IntegrationStatusChanged status, Checkpoint.Entry done) {
		if (status == null) {
			return 0;
		}
		if (done == null && SOURCE.equals(status.getSource())) {
			return Math.max(0, status.getVersion() - 1);
		}
		return status.getVersion();
	}

	private void publish(LegacyRow row, Prepared prepared, long before) {
		RuntimeException failed = this.sealingFailure.get();
		if (failed != null) {
			throw failed;
		}
		this.inFlight.acquireUninterruptibly();
		this.sealers.execute(() -> {
			try {
				sealAndSend(row, prepared, before);
			}
			catch (RuntimeException ex) {
				this.sealingFailure.compareAndSet(null, ex);
			}
			finally {
				this.inFlight.release();
			}
		});
	}

	/**
	 * Waits until every row handed over was sealed and sent; fails if one could not be.
	 */
	void finish() {
		this.inFlight.acquireUninterruptibly(IN_FLIGHT);
		this.inFlight.release(IN_FLIGHT);
		this.sealers.shutdown();
		RuntimeException failed = this.sealingFailure.get();
		if (failed != null) {
			throw failed;
		}
	}

	private void sealAndSend(LegacyRow row, Prepared prepared, long before) {
		Map<String, String> publicFields = new LinkedHashMap<>();
		Map<String, String> secretFields = new LinkedHashMap<>();
		prepared.fields().forEach((name, value) -> {
			boolean secret = prepared.provider().field(name).map(Field::secret).orElse(true);
			(secret ? secretFields : publicFields).put(name, value);
		});
		// The typed sealing API zeroes the encoded plaintext itself.
		byte[] sealed = this.vault.seal(SecretFields.of(secretFields),
				AssociatedData.forSubmission(prepared.tenant(), prepared.integrationId(), prepared.eventId()));
		CredentialReceived event = CredentialReceived.newBuilder()
			.setEventId(prepared.eventId())
			.setTenantId(prepared.tenant())
			.setIntegrationId(prepared.integrationId())
			.setProvider(prepared.provider().id())
			.setName(prepared.name())
			.setOccurredAt(this.clock.instant().truncatedTo(ChronoUnit.MILLIS))
			.setSource(SOURCE)
			.setPublicFields(publicFields)
			.setSealedSecret(ByteBuffer.wrap(sealed))
			.setExpiresAt(prepared.expiresAt())
			.setScopes(List.of())
			.setBasedOnVersion(null)
			.build();
		Checkpoint.Entry entry = new Checkpoint.Entry(row.id(), prepared.eventId(), prepared.integrationId(),
				prepared.tenant(), prepared.provider().id(), before, false);
		this.publisher.publish(event, () -> this.checkpoint.recordPublished(entry));
	}

	/**
	 * Everything short of sealing: the row opened, mapped, checked and given its event
	 * id.
	 * @throws RowFailure when it cannot be imported or is to be skipped
	 */
	Prepared prepare(LegacyRow row) throws RowFailure {
		String tenant = this.mapping.tenantOf(row.organization())
			.orElseThrow(() -> new RowFailure(Problem.UNKNOWN_TENANT,
					"organization " + row.organization() + " has no tenant in the mapping file"));
		Mapping.ProviderMapping mapped = (row.type() != null) ? this.mapping.providers().get(row.type()) : null;
		if (mapped == null) {
			throw new RowFailure(Problem.UNKNOWN_PROVIDER,
					"type " + row.type() + " has no provider in the mapping file");
		}
		if (mapped.skipped()) {
			throw new RowFailure(Problem.NOT_MAPPED, "type " + row.type() + " is skipped by the mapping file");
		}
		Provider provider = this.catalogue.find(mapped.provider())
			.orElseThrow(() -> new RowFailure(Problem.UNKNOWN_PROVIDER,
					"provider " + mapped.provider() + " is not in the catalogue"));
		List<String> warnings = new ArrayList<>();
		Map<String, String> values = row.opening().open(warnings);
		Map<String, String> fields = new LinkedHashMap<>();
		List<String> secretSources = new ArrayList<>();
		mapped.fieldsOf(provider).forEach((field, source) -> {
			String value = values.get(source);
			if (value != null && !value.isEmpty()) {
				fields.put(field, value);
				if (provider.field(field).map(Field::secret).orElse(true)) {
					secretSources.add(source);
				}
			}
		});
		List<String> missing = provider.fields()
			.stream()
			.filter((field) -> field.required() && !fields.containsKey(field.name()))
			.map((field) -> "'" + field.name() + "'"
					+ (mapped.fieldsOf(provider).containsKey(field.name())
							? " (from '" + mapped.fieldsOf(provider).get(field.name()) + "')" : " (not mapped)"))
			.toList();
		if (!missing.isEmpty()) {
			throw new RowFailure(Problem.MISSING_FIELD,
					provider.id() + " requires field " + String.join(", ", missing));
		}
		List<String> problems = provider.problemsWith(fields);
		if (!problems.isEmpty()) {
			throw new RowFailure(Problem.INVALID_FIELD, String.join("; ", problems));
		}
		Instant expiresAt = expiresAt(mapped, values);
		String name = integrationName(mapped.name(), row.name());
		String integrationId = IntegrationId.of(tenant, provider.id(), name).value();
		String eventId = this.ids.of(this.kind, row.id(), tenant, provider.id(), name, fields, expiresAt);
		return new Prepared(tenant, provider, name, integrationId, eventId, fields, List.copyOf(secretSources),
				expiresAt, List.copyOf(warnings));
	}

	private static Instant expiresAt(Mapping.ProviderMapping mapped, Map<String, String> values) throws RowFailure {
		if (mapped.expiresAt() == null) {
			return null;
		}
		String value = values.get(mapped.expiresAt());
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			if (value.strip().matches("\\d{1,18}")) {
				long number = Long.parseLong(value.strip());
				// Seconds until the year 5138; milliseconds after.
				return (number < 100_000_000_000L) ? Instant.ofEpochSecond(number) : Instant.ofEpochMilli(number);
			}
			return OffsetDateTime.parse(value.strip()).toInstant().truncatedTo(ChronoUnit.MILLIS);
		}
		catch (DateTimeParseException | ArithmeticException ex) {
			throw new RowFailure(Problem.INVALID_FIELD,
					"field '" + mapped.expiresAt() + "' is neither an ISO-8601 time nor epoch seconds");
		}
	}

	/**
	 * The Latchkey name of a legacy row: the mapping's fixed name, else the row's name
	 * made to fit {@link IntegrationId#NAME} (lower case, other characters to dashes, at
	 * most 63), else {@code default}.
	 */
	static String integrationName(String fixed, String legacy) {
		String source = (fixed != null) ? fixed : legacy;
		if (source == null) {
			return IntegrationId.DEFAULT_NAME;
		}
		String slug = source.strip()
			.toLowerCase(Locale.ROOT)
			.replaceAll("[^a-z0-9_-]+", "-")
			.replaceAll("^[^a-z0-9]+", "")
			.replaceAll("-+$", "");
		if (slug.length() > 63) {
			slug = slug.substring(0, 63).replaceAll("-+$", "");
		}
		return (slug.isEmpty() || !IntegrationId.NAME.matcher(slug).matches()) ? IntegrationId.DEFAULT_NAME : slug;
	}

	private String tenantOrNull(LegacyRow row) {
		return this.mapping.tenantOf(row.organization()).orElse(null);
	}

	private String providerOrNull(LegacyRow row) {
		Mapping.ProviderMapping mapped = (row.type() != null) ? this.mapping.providers().get(row.type()) : null;
		return (mapped != null && !mapped.skipped()) ? mapped.provider() : null;
	}

	/**
	 * A row ready to seal. Field values are secrets: {@code toString()} names fields
	 * only.
	 *
	 * @param secretSources the source fields whose values became secret fields (what a
	 * scrub replaces)
	 */
	record Prepared(String tenant, Provider provider, String name, String integrationId, String eventId,
			Map<String, String> fields, List<String> secretSources, Instant expiresAt, List<String> warnings) {

		@Override
		public String toString() {
			return "Prepared[" + this.integrationId + ", tenant " + this.tenant + ", provider " + this.provider.id()
					+ ", fields " + this.fields.keySet() + " (values redacted)]";
		}

	}

}
