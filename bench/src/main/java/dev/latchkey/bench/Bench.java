package dev.latchkey.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import dev.latchkey.bench.bare.BareStatusApplication;
import dev.latchkey.bench.ingest.IngestRun;
import dev.latchkey.bench.profile.CryptoShare;
import dev.latchkey.bench.profile.HpkeCost;
import dev.latchkey.bench.raw.RawPipeline;
import dev.latchkey.bench.scaling.GroupAwait;

/**
 * The benchmark suite's programs in one jar, driven by {@code bench/run.sh}: <pre>
 * java -jar bench.jar ingest        --collector URL --status URL --secret-file F --credentials N --concurrency C ...
 * java -jar bench.jar raw           --kafka HOST:PORT --mongo URI --records N --concurrency C ...
 * java -jar bench.jar bare-status   --server.port=P --bench.body-file=F --bench.etag=E
 * java -jar bench.jar crypto-share  name=recording.jfr ...
 * java -jar bench.jar hpke-cost     [--operations N] [--rounds R]
 * java -jar bench.jar await-group   --kafka HOST:PORT --group vault --members M ...
 * java -jar bench.jar token         --secret-file F --tenant T
 * </pre> Each measuring command prints its figures and, with {@code --out FILE}, writes
 * them as {@code key=value} lines for the script's table.
 */
public final class Bench {

	private Bench() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length == 0) {
			System.err.println(
					"usage: java -jar bench.jar ingest|raw|bare-status|crypto-share|hpke-cost|await-group|token [options]");
			System.exit(2);
		}
		String[] rest = Arrays.copyOfRange(args, 1, args.length);
		switch (args[0]) {
			case "ingest" -> IngestRun.main(Arguments.parse(rest));
			case "raw" -> RawPipeline.main(Arguments.parse(rest));
			case "bare-status" -> BareStatusApplication.main(rest);
			case "crypto-share" -> CryptoShare.main(rest);
			case "hpke-cost" -> HpkeCost.main(Arguments.parse(rest));
			case "await-group" -> GroupAwait.main(Arguments.parse(rest));
			case "token" -> System.out.println(token(Arguments.parse(rest)));
			default -> {
				System.err.println("unknown command " + args[0]);
				System.exit(2);
			}
		}
	}

	/** A bearer token for one tenant, for the script's curl and wrk requests. */
	private static String token(Arguments args) throws IOException {
		String secret = Files.readString(Path.of(args.text("secret-file")));
		return new BearerTokens(secret).mint(args.text("tenant"), Duration.ofHours(2));
	}

}
