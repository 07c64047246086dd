package dev.latchkey.bench.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.latchkey.bench.Figures;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * P3: the share of CPU samples ({@code jdk.ExecutionSample}: threads running Java code)
 * spent in Tink, per process and over all of them, from JFR recordings made during the
 * ingest.
 * <pre>java -jar bench.jar crypto-share [--out FILE] vault-service=vault.jfr collector-service=collector.jfr …</pre>
 */
public final class CryptoShare {

	private CryptoShare() {
	}

	public static void main(String[] args) throws IOException {
		String out = null;
		Map<String, Map<SampleKind, Long>> processes = new LinkedHashMap<>();
		for (int i = 0; i < args.length; i++) {
			if (args[i].equals("--out")) {
				out = args[++i];
				continue;
			}
			int equals = args[i].indexOf('=');
			processes.put(args[i].substring(0, equals), count(Path.of(args[i].substring(equals + 1))));
		}
		Figures figures = new Figures();
		Map<SampleKind, Long> all = new EnumMap<>(SampleKind.class);
		processes.forEach((name, counts) -> {
			describe(figures, name, counts);
			counts.forEach((kind, count) -> all.merge(kind, count, Long::sum));
		});
		describe(figures, "all", all);
		Map<SampleKind, Long> vault = processes.get("vault-service");
		if (vault != null) {
			long total = all.values().stream().mapToLong(Long::longValue).sum();
			figures.put("vault_store_crypto_of_all_percent", percent(storeCrypto(vault), total));
		}
		figures.report(out);
	}

	static Map<SampleKind, Long> count(Path recording) throws IOException {
		Map<SampleKind, Long> counts = new EnumMap<>(SampleKind.class);
		try (RecordingFile file = new RecordingFile(recording)) {
			while (file.hasMoreEvents()) {
				RecordedEvent event = file.readEvent();
				if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
					continue;
				}
				List<String> classes = event.getStackTrace()
					.getFrames()
					.stream()
					.map(RecordedFrame::getMethod)
					.map((method) -> method.getType().getName())
					.toList();
				counts.merge(SampleKind.of(classes), 1L, Long::sum);
			}
		}
		return counts;
	}

	private static void describe(Figures figures, String name, Map<SampleKind, Long> counts) {
		long samples = counts.values().stream().mapToLong(Long::longValue).sum();
		long crypto = counts.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().crypto())
			.mapToLong(Map.Entry::getValue)
			.sum();
		figures.put(name + ".samples", samples);
		figures.put(name + ".crypto_samples", crypto);
		figures.put(name + ".crypto_percent", percent(crypto, samples));
		for (SampleKind kind : SampleKind.values()) {
			if (kind.crypto()) {
				figures.put(name + "." + kind.name().toLowerCase(Locale.ROOT) + "_percent",
						percent(counts.getOrDefault(kind, 0L), samples));
			}
		}
	}

	/**
	 * The crypto of storing a credential as issue #8's P3 names it: opening the sealed
	 * submission, making and using its data key, wrapping that key — everything of Tink's
	 * in the vault but sealing leases for the scanner. Samples of Tink code whose caller
	 * the stack depth cut off count too (the share errs high).
	 */
	static long storeCrypto(Map<SampleKind, Long> counts) {
		return counts.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().crypto() && entry.getKey() != SampleKind.HPKE_SEAL)
			.mapToLong(Map.Entry::getValue)
			.sum();
	}

	private static double percent(long part, long whole) {
		return (whole == 0) ? Double.NaN : 100.0 * part / whole;
	}

}
