package dev.latchkey.admin.importer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.latchkey.schemas.IntegrationStatusChanged;
import me.tongfei.progressbar.ProgressBar;

/**
 * {@code --verify}: follows the status topic until every imported integration has the
 * scanner's first verdict on the version the import made (a status with source IMPORT, a
 * version after the one it had before, and a state other than PENDING_VERIFICATION), or
 * the time is up. Counts ACTIVE, INVALID and ERROR (and any other state the integration
 * reached, such as DELETED).
 */
final class Verification {

	static final String PENDING = "PENDING_VERIFICATION";

	private Verification() {
	}

	static Result await(StatusTopic topic, Collection<Checkpoint.Entry> imported, Duration timeout,
			PrintStream progress) {
		Map<String, Checkpoint.Entry> waiting = new TreeMap<>();
		imported.forEach((entry) -> waiting.put(entry.integration(), entry));
		Map<String, String> outcome = new TreeMap<>();
		long deadline = System.nanoTime() + timeout.toNanos();
		try (ProgressBar bar = Progress.bar("Verifying", waiting.size(), progress)) {
			while (true) {
				Map<String, IntegrationStatusChanged> latest = topic.follow(Duration.ofMillis(500));
				Set<String> deleted = topic.deleted();
				waiting.values().removeIf((entry) -> {
					IntegrationStatusChanged status = latest.get(entry.integration());
					if (status == null && deleted.contains(entry.integration())) {
						outcome.put(entry.integration(), "DELETED");
						return true;
					}
					if (status != null && Importer.SOURCE.equals(status.getSource())
							&& status.getVersion() > entry.before() && !PENDING.equals(status.getState())) {
						outcome.put(entry.integration(), status.getState());
						return true;
					}
					return false;
				});
				bar.stepTo(outcome.size());
				if (waiting.isEmpty() || System.nanoTime() > deadline) {
					break;
				}
			}
		}
		return new Result(outcome, List.copyOf(waiting.keySet()), timeout);
	}

	/**
	 * @param outcome integration id → the state it reached
	 * @param pending integrations without a verdict when the time was up
	 */
	record Result(Map<String, String> outcome, List<String> pending, Duration timeout) {

		boolean complete() {
			return this.pending.isEmpty();
		}

		Map<String, Integer> counts() {
			Map<String, Integer> counts = new LinkedHashMap<>();
			for (String state : List.of("ACTIVE", "INVALID", "ERROR")) {
				counts.put(state, 0);
			}
			this.outcome.values().forEach((state) -> counts.merge(state, 1, Integer::sum));
			return counts;
		}

		ObjectNode toJson(ObjectMapper mapper) {
			ObjectNode json = mapper.createObjectNode();
			json.put("complete", complete());
			json.set("states", mapper.valueToTree(counts()));
			json.put("pending", this.pending.size());
			json.set("pendingIntegrations", mapper.valueToTree(this.pending));
			return json;
		}

		String summary() {
			StringBuilder text = new StringBuilder("  Verify: ").append(counts());
			if (!complete()) {
				text.append(", ")
					.append(this.pending.size())
					.append(" still without a verdict after ")
					.append(this.timeout.toSeconds())
					.append(" s, e.g. ")
					.append(this.pending.get(0));
			}
			return text.append('\n').toString();
		}

	}

}
