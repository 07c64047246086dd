package dev.latchkey.bench.profile;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Map;

import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.bench.Arguments;
import dev.latchkey.bench.Figures;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.HpkeOpener;
import dev.latchkey.crypto.HpkeSealer;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.SecretFields;

/**
 * The CPU time of one HPKE seal and one open as the services do them (the shared
 * {@code crypto} module: Tink, {@link Keysets#HPKE_TEMPLATE}, a demo key's secret
 * fields), on this thread, in this JVM's JIT settings: what sealing between services
 * alone costs a credential, to set beside the pipeline's CPU per credential and the raw
 * baseline's per record. <pre>
 * java [-XX:TieredStopAtLevel=1] -jar bench.jar hpke-cost [--operations N] [--rounds R] [--out FILE]
 * </pre> A warm-up round, then {@code rounds} rounds of {@code operations} seals and as
 * many opens; the median round stands.
 */
public final class HpkeCost {

	private HpkeCost() {
	}

	public static void main(Arguments args) {
		measure(args.number("operations", 2000), args.number("rounds", 5)).report(args.text("out", null));
	}

	static Figures measure(int operations, int rounds) {
		KeysetHandle privateKeyset = Keysets.generate(Keysets.HPKE_TEMPLATE);
		HpkeSealer sealer = new HpkeSealer(Keysets.publicOf(privateKeyset));
		HpkeOpener opener = new HpkeOpener(privateKeyset);
		SecretFields secret = SecretFields.of(Map.of("api_key", "sk_test_" + "x".repeat(40)));
		AssociatedData associatedData = AssociatedData.forSubmission("bench-tenant", "bench-integration",
				"00000000-0000-0000-0000-000000000000");
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		double[] seal = new double[rounds];
		double[] open = new double[rounds];
		for (int round = -1; round < rounds; round++) {
			long start = threads.getCurrentThreadCpuTime();
			byte[] sealed = null;
			for (int i = 0; i < operations; i++) {
				sealed = sealer.seal(secret, associatedData);
			}
			long sealedAt = threads.getCurrentThreadCpuTime();
			for (int i = 0; i < operations; i++) {
				opener.open(sealed, associatedData);
			}
			long openedAt = threads.getCurrentThreadCpuTime();
			if (round >= 0) {
				seal[round] = (sealedAt - start) / 1000.0 / operations;
				open[round] = (openedAt - sealedAt) / 1000.0 / operations;
			}
		}
		String compilers = ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:TieredStopAtLevel=1")
				? "C1 only" : "C1 and C2";
		return new Figures().put("jit", compilers)
			.put("operations", operations)
			.put("rounds", rounds)
			.put("seal_cpu_us", median(seal))
			.put("open_cpu_us", median(open))
			.put("seal_and_open_cpu_us", median(seal) + median(open));
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

}
