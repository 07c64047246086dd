package dev.latchkey.admin.importer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;

import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.crypto.HpkeSealer;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.SealingException;
import dev.latchkey.crypto.Sealer;
import dev.latchkey.schemas.IntegrationStatusChanged;
import me.tongfei.progressbar.ProgressBar;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code import}: moves credentials from a legacy store into Latchkey. Reads the store
 * row by row, opens legacy ciphertext here with the legacy key (from the environment),
 * checks every credential against the catalogue, seals its secret fields to the vault's
 * public key and publishes {@code CredentialReceived} with source IMPORT — the one rule
 * holds: plaintext never leaves this process, and never reaches the output or the report.
 * Idempotent (deterministic event ids) and resumable (a checkpoint of acknowledged rows).
 */
@Command(name = "import", sortOptions = false,
		description = "Imports credentials from a legacy store (PostgreSQL integrations or installations table, MongoDB secrets collection, JSON-lines or CSV export) described by a mapping file. Legacy keys come from the environment. Resumable; run with --dry-run first.")
public final class ImportCommand implements Callable<Integer> {

	static {
		// Avro 1.12 loads generated classes only from trusted packages; the services get
		// this from their launcher, the operator's jar sets it itself.
		if (System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES") == null) {
			System.setProperty("org.apache.avro.SERIALIZABLE_PACKAGES", "dev.latchkey.schemas");
		}
	}

	@Option(names = "--mapping", required = true,
			description = "The mapping file (YAML): source, columns, key variable, tenants, providers")
	Path mappingFile;

	@Option(names = "--dry-run",
			description = "Read, open and check every row; print what would be created, updated, skipped or fail; publish nothing")
	boolean dryRun;

	@Option(names = "--checkpoint",
			description = "Where acknowledged rows are recorded (default: <mapping>.checkpoint.jsonl next to the mapping file)")
	Path checkpointFile;

	@Option(names = "--report", description = "Where the JSON report goes (default: <mapping>.report.json)")
	Path reportFile;

	@Option(names = "--verify",
			description = "After importing, wait until every imported integration has its first scan outcome; count ACTIVE / INVALID / ERROR")
	boolean verify;

	@Option(names = "--verify-timeout",
			description = "How long --verify waits (default: ${DEFAULT-VALUE}; 90s, 10m, 1h)",
			converter = DurationConverter.class, defaultValue = "10m")
	Duration verifyTimeout;

	@Option(names = "--scrub",
			description = "After a complete --verify, replace each imported legacy secret at the source by latchkey:<integration id>")
	boolean scrub;

	@Option(names = "--max-rate", description = "At most this many rows a second (default: no limit)")
	int maxRate;

	@Option(names = "--bootstrap-servers",
			description = "Kafka brokers (default: $KAFKA_BOOTSTRAP_SERVERS or localhost:9092)")
	String bootstrapServers;

	@Option(names = "--registry-url",
			description = "The schema registry (default: $REGISTRY_URL or http://localhost:8081/apis/registry/v2)")
	String registryUrl;

	@Option(names = "--vault-public-keyset-file",
			description = "The vault's public HPKE keyset (default: $LATCHKEY_VAULT_PUBLIC_KEYSET_FILE, else .latchkey/keys/vault-submission-public.json)")
	Path vaultPublicKeyset;

	private final Map<String, String> environment;

	public ImportCommand() {
		this(System.getenv());
	}

	ImportCommand(Map<String, String> environment) {
		this.environment = environment;
	}

	@Override
	public Integer call() {
		PrintStream out = System.out;
		PrintStream err = System.err;
		if (this.scrub && !this.verify) {
			err.println("--scrub needs --verify: legacy secrets are scrubbed only once Latchkey has verified them");
			return 2;
		}
		if (this.scrub && this.dryRun) {
			err.println("--scrub cannot be combined with --dry-run");
			return 2;
		}
		try {
			return run(out, err);
		}
		catch (MappingException | SealingException ex) {
			err.println(ex.getMessage());
			return 2;
		}
		catch (CredentialPublisher.PublishFailedException | KafkaException ex) {
			err.println(ex.getMessage());
			return 1;
		}
	}

	private int run(PrintStream out, PrintStream err) throws MappingException {
		Instant started = Instant.now();
		Mapping mapping = Mapping.read(this.mappingFile);
		ProviderCatalogue catalogue = ProviderCatalogue.builtIn();
		mapping.check(catalogue);
		Path checkpointPath = (this.checkpointFile != null) ? this.checkpointFile : besideMapping(".checkpoint.jsonl");
		Path reportPath = (this.reportFile != null) ? this.reportFile : besideMapping(".report.json");
		LegacyKeys keys = new LegacyKeys(this.environment);
		Sealer vault = this.dryRun ? null : new HpkeSealer(vaultKeyset());
		ImportReport report = new ImportReport(mapping.source(), this.dryRun, started);
		try (LegacySource source = open(mapping, keys);
				Checkpoint checkpoint = Checkpoint.open(checkpointPath);
				StatusTopic status = StatusTopic.connect(brokers(), registry());
				CredentialPublisher publisher = this.dryRun ? null
						: CredentialPublisher.connect(brokers(), registry())) {
			EventIds ids = EventIds.create(this.environment, keys, checkpoint, this.dryRun);
			Map<String, IntegrationStatusChanged> existing = existing(status, report);
			Importer importer = new Importer(mapping, catalogue, ids, checkpoint, existing, vault, publisher, report,
					Clock.systemUTC());
			importAll(source, importer, checkpoint, publisher, report, err);
			if (this.verify && !this.dryRun) {
				Verification.Result result = Verification.await(status, checkpoint.published(), this.verifyTimeout,
						err);
				report.verified(result);
				if (this.scrub) {
					if (result.complete()) {
						report.scrubbed(new Scrub(source, importer, checkpoint, result).run());
					}
					else {
						report.scrubRefused(result.pending().size() + " imported integration(s) have no verdict yet");
					}
				}
			}
		}
		report.write(reportPath);
		out.print(report.summary());
		out.println("Report: " + reportPath + (this.dryRun ? "" : "; checkpoint: " + checkpointPath));
		return report.clean() ? 0 : 1;
	}

	private void importAll(LegacySource source, Importer importer, Checkpoint checkpoint, CredentialPublisher publisher,
			ImportReport report, PrintStream err) {
		long total = source.count();
		long started = System.nanoTime();
		AtomicInteger rows = new AtomicInteger();
		long[] lastSync = { started };
		try (ProgressBar bar = Progress.bar(this.dryRun ? "Checking" : "Importing", total, err)) {
			source.forEach((row) -> {
				importer.accept(row);
				bar.step();
				int done = rows.incrementAndGet();
				long now = System.nanoTime();
				if (publisher != null && now - lastSync[0] > 200_000_000L) {
					checkpoint.sync();
					lastSync[0] = now;
				}
				if (this.maxRate > 0) {
					long due = started + done * 1_000_000_000L / this.maxRate;
					if (due > now) {
						Thread.sleep((due - now) / 1_000_000L, (int) ((due - now) % 1_000_000L));
					}
				}
			});
			bar.maxHint(Math.max(1, rows.get()));
			importer.finish();
			if (publisher != null) {
				publisher.flush();
				checkpoint.sync();
			}
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new MappingException(
					"Reading the legacy store failed: " + ex.getClass().getSimpleName() + ": " + ex.getMessage(), ex);
		}
		report.imported(Duration.ofNanos(System.nanoTime() - started));
	}

	private Map<String, IntegrationStatusChanged> existing(StatusTopic status, ImportReport report) {
		try {
			return status.catchUp();
		}
		catch (KafkaException ex) {
			if (!this.dryRun) {
				throw ex;
			}
			report.existingUnknown("the status topic could not be read: " + ex.getClass().getSimpleName());
			return Map.of();
		}
	}

	private LegacySource open(Mapping mapping, LegacyKeys keys) {
		return switch (mapping.source()) {
			case POSTGRES_INTEGRATIONS -> IntegrationsTable.open(mapping, this.environment, keys);
			case POSTGRES_INSTALLATIONS -> InstallationsTable.open(mapping, this.environment, keys);
			case MONGO_SECRETS -> SecretsCollection.open(mapping, this.environment, keys);
			case JSONL, CSV -> ExportFile.open(mapping, this.mappingFile.toAbsolutePath().getParent());
		};
	}

	private com.google.crypto.tink.KeysetHandle vaultKeyset() {
		String inline = this.environment.get("LATCHKEY_VAULT_PUBLIC_KEYSET");
		if (this.vaultPublicKeyset == null && inline != null && !inline.isBlank()) {
			return Keysets.loadPublic("LATCHKEY_VAULT_PUBLIC_KEYSET", inline, null);
		}
		Path file = (this.vaultPublicKeyset != null) ? this.vaultPublicKeyset : Path.of(this.environment
			.getOrDefault("LATCHKEY_VAULT_PUBLIC_KEYSET_FILE", ".latchkey/keys/vault-submission-public.json"));
		return Keysets.loadPublic("--vault-public-keyset-file", null, file);
	}

	private String brokers() {
		return (this.bootstrapServers != null) ? this.bootstrapServers
				: this.environment.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092");
	}

	private String registry() {
		return (this.registryUrl != null) ? this.registryUrl
				: this.environment.getOrDefault("REGISTRY_URL", "http://localhost:8081/apis/registry/v2");
	}

	private Path besideMapping(String suffix) {
		Path mapping = this.mappingFile.toAbsolutePath();
		String name = mapping.getFileName().toString().replaceFirst("\\.(ya?ml)$", "");
		return mapping.resolveSibling(name + suffix);
	}

}
