package dev.latchkey.admin.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a run did: per tenant and provider how many rows were (or on a dry run would be)
 * created, updated, skipped or failed; each failing row with its id, problem and detail;
 * warnings; the rate; the verification and the scrub. Written as JSON and printed as a
 * summary. Holds ids, names and counts, never a secret.
 */
final class ImportReport {

	private static final int LISTED = 20;

	private static final int CREATED = 0;

	private static final int UPDATED = 1;

	private static final int SKIPPED = 2;

	private static final int FAILED = 3;

	private final SourceKind source;

	private final boolean dryRun;

	private final Instant startedAt;

	private final Map<String, Map<String, int[]>> counts = new TreeMap<>();

	private final Map<Problem, Integer> problems = new EnumMap<>(Problem.class);

	private final List<Map<String, String>> failures = new ArrayList<>();

	private final List<Map<String, String>> warnings = new ArrayList<>();

	private long rows;

	private Duration importTime;

	private String existingUnknown;

	private Verification.Result verification;

	private Map<String, Integer> scrub;

	private String scrubRefused;

	ImportReport(SourceKind source, boolean dryRun, Instant startedAt) {
		this.source = source;
		this.dryRun = dryRun;
		this.startedAt = startedAt;
	}

	private void count(String tenant, String provider, int which) {
		this.rows++;
		this.counts.computeIfAbsent((tenant != null) ? tenant : "(unknown)", (t) -> new TreeMap<>())
			.computeIfAbsent((provider != null) ? provider : "(unknown)", (p) -> new int[4])[which]++;
	}

	void created(String tenant, String provider) {
		count(tenant, provider, CREATED);
	}

	void updated(String tenant, String provider) {
		count(tenant, provider, UPDATED);
	}

	void problem(String row, Problem problem, String detail, String tenant, String provider) {
		count(tenant, provider, problem.isSkip() ? SKIPPED : FAILED);
		this.problems.merge(problem, 1, Integer::sum);
		if (!problem.isSkip()) {
			Map<String, String> failure = new LinkedHashMap<>();
			failure.put("row", row);
			failure.put("problem", problem.name());
			failure.put("detail", detail);
			this.failures.add(failure);
		}
	}

	void warning(String row, String detail) {
		this.warnings.add(Map.of("row", row, "warning", detail));
	}

	void imported(Duration time) {
		this.importTime = time;
	}

	void existingUnknown(String why) {
		this.existingUnknown = why;
	}

	void verified(Verification.Result result) {
		this.verification = result;
	}

	void scrubbed(Map<String, Integer> outcome) {
		this.scrub = outcome;
	}

	void scrubRefused(String why) {
		this.scrubRefused = why;
	}

	long rows() {
		return this.rows;
	}

	int total(int which) {
		return this.counts.values()
			.stream()
			.flatMap((byProvider) -> byProvider.values().stream())
			.mapToInt((c) -> c[which])
			.sum();
	}

	int created() {
		return total(CREATED);
	}

	int updated() {
		return total(UPDATED);
	}

	int skipped() {
		return total(SKIPPED);
	}

	int failed() {
		return total(FAILED);
	}

	Map<Problem, Integer> problems() {
		return Map.copyOf(this.problems);
	}

	List<Map<String, String>> failures() {
		return List.copyOf(this.failures);
	}

	double rowsPerSecond() {
		return (this.importTime == null || this.importTime.isZero()) ? 0 : this.rows * 1e9 / this.importTime.toNanos();
	}

	/**
	 * Every row imported or skipped, the verification (if asked) complete, the scrub (if
	 * asked) done.
	 */
	boolean clean() {
		return failed() == 0 && (this.verification == null || this.verification.complete())
				&& this.scrubRefused == null;
	}

	ObjectNode toJson() {
		ObjectMapper mapper = new ObjectMapper();
		ObjectNode root = mapper.createObjectNode();
		root.put("source", this.source.id());
		root.put("dryRun", this.dryRun);
		root.put("startedAt", this.startedAt.toString());
		root.put("rows", this.rows);
		if (this.importTime != null) {
			root.put("seconds", this.importTime.toMillis() / 1000.0);
			root.put("rowsPerSecond", Math.round(rowsPerSecond()));
		}
		ObjectNode totals = root.putObject("totals");
		totals.put("created", created());
		totals.put("updated", updated());
		totals.put("skipped", skipped());
		totals.put("failed", failed());
		if (this.existingUnknown != null) {
			root.put("existingIntegrationsUnknown", this.existingUnknown);
		}
		ArrayNode byTenant = root.putArray("byTenantAndProvider");
		this.counts.forEach((tenant, byProvider) -> byProvider.forEach((provider, c) -> {
			ObjectNode entry = byTenant.addObject();
			entry.put("tenant", tenant);
			entry.put("provider", provider);
			entry.put("created", c[CREATED]);
			entry.put("updated", c[UPDATED]);
			entry.put("skipped", c[SKIPPED]);
			entry.put("failed", c[FAILED]);
		}));
		ObjectNode reasons = root.putObject("problems");
		this.problems.forEach((problem, n) -> reasons.put(problem.name(), n));
		root.set("failures", mapper.valueToTree(this.failures));
		root.set("warnings", mapper.valueToTree(this.warnings));
		if (this.verification != null) {
			root.set("verify", this.verification.toJson(mapper));
		}
		if (this.scrub != null) {
			root.set("scrub", mapper.valueToTree(this.scrub));
		}
		if (this.scrubRefused != null) {
			root.put("scrubRefused", this.scrubRefused);
		}
		return root;
	}

	void write(Path file) {
		try {
			Path parent = file.toAbsolutePath().getParent();
			Files.createDirectories(parent);
			new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), toJson());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("The report cannot be written to " + file, ex);
		}
	}

	/** The readable summary. */
	String summary() {
		StringBuilder text = new StringBuilder();
		String verb = this.dryRun ? "Dry run (nothing published)" : "Import";
		text.append(String.format("%s of %s: %d rows — %d %s, %d %s, %d skipped, %d failed%n", verb, this.source.id(),
				this.rows, created(), this.dryRun ? "to create" : "created", updated(),
				this.dryRun ? "to update" : "updated", skipped(), failed()));
		if (this.importTime != null) {
			text.append(String.format("  %.1f s, %.0f rows/s%n", this.importTime.toMillis() / 1000.0, rowsPerSecond()));
		}
		if (this.existingUnknown != null) {
			text.append(
					"  Existing integrations unknown (" + this.existingUnknown + "): every row counted as created\n");
		}
		this.counts.forEach((tenant,
				byProvider) -> byProvider.forEach((provider, c) -> text
					.append(String.format("  %-24s %-14s created %d, updated %d, skipped %d, failed %d%n", tenant,
							provider, c[CREATED], c[UPDATED], c[SKIPPED], c[FAILED]))));
		if (!this.problems.isEmpty()) {
			text.append("  Problems: ").append(this.problems).append('\n');
		}
		int wrongKey = this.problems.getOrDefault(Problem.WRONG_KEY, 0);
		if (wrongKey > 0) {
			text.append("  ")
				.append(wrongKey)
				.append(" row(s) did not open with the legacy key: if that is every encrypted row, the key is wrong\n");
		}
		this.failures.stream()
			.limit(LISTED)
			.forEach((failure) -> text.append(String.format("  row %s: %s — %s%n", failure.get("row"),
					failure.get("problem"), failure.get("detail"))));
		if (this.failures.size() > LISTED) {
			text.append("  … ").append(this.failures.size() - LISTED).append(" more failing rows in the report\n");
		}
		if (!this.warnings.isEmpty()) {
			text.append("  ")
				.append(this.warnings.size())
				.append(" warning(s), e.g. row ")
				.append(this.warnings.get(0).get("row"))
				.append(": ")
				.append(this.warnings.get(0).get("warning"))
				.append('\n');
		}
		if (this.verification != null) {
			text.append(this.verification.summary());
		}
		if (this.scrub != null) {
			text.append("  Scrub: ").append(this.scrub).append('\n');
		}
		if (this.scrubRefused != null) {
			text.append("  Scrub refused: ").append(this.scrubRefused).append('\n');
		}
		return text.toString();
	}

}
