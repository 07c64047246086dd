package dev.latchkey.admin.importer;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code --scrub}, after a complete verification: reads the legacy store once more and,
 * for each row the checkpoint says was imported and whose integration has its verdict,
 * replaces the secret values it imported by {@code latchkey:<integration id>}. A row
 * whose content changed since it was imported (its event id differs) is left alone, and
 * so is one that changes under the scrub (the write is compare-and-set).
 */
final class Scrub {

	private final LegacySource source;

	private final Importer importer;

	private final Checkpoint checkpoint;

	private final Set<String> verified;

	Scrub(LegacySource source, Importer importer, Checkpoint checkpoint, Verification.Result verification) {
		this.source = source;
		this.importer = importer;
		this.checkpoint = checkpoint;
		this.verified = verification.outcome()
			.entrySet()
			.stream()
			.filter((entry) -> !"DELETED".equals(entry.getValue()))
			.map(Map.Entry::getKey)
			.collect(Collectors.toSet());
	}

	/**
	 * @return how many rows were scrubbed, and how many were left alone and why
	 */
	Map<String, Integer> run() {
		Map<String, Integer> outcome = new TreeMap<>();
		outcome.put("scrubbed", 0);
		try {
			this.source.forEach((row) -> {
				Checkpoint.Entry entry = this.checkpoint.find(row.id()).orElse(null);
				if (entry == null || this.checkpoint.isScrubbed(row.id())
						|| !this.verified.contains(entry.integration())) {
					return;
				}
				Importer.Prepared prepared;
				try {
					prepared = this.importer.prepare(row);
				}
				catch (RowFailure failure) {
					outcome.merge(failure.problem() == Problem.SCRUBBED ? "alreadyScrubbed" : "unreadableNow", 1,
							Integer::sum);
					return;
				}
				if (!prepared.eventId().equals(entry.event())) {
					outcome.merge("changedSinceImport", 1, Integer::sum);
					return;
				}
				if (row.scrubbing().scrub(prepared.secretSources(), LegacyRow.reference(entry.integration()))) {
					this.checkpoint.recordScrubbed(row.id());
					outcome.merge("scrubbed", 1, Integer::sum);
				}
				else {
					outcome.merge("changedDuringScrub", 1, Integer::sum);
				}
			});
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new MappingException(
					"Reading the legacy store failed during the scrub: " + ex.getClass().getSimpleName(), ex);
		}
		this.source.finishScrub();
		this.checkpoint.sync();
		return outcome;
	}

}
