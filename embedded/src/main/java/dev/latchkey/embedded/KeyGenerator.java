package dev.latchkey.embedded;

import java.nio.file.Path;

/**
 * Generates the development keys into a directory (existing keys are kept), for runs
 * outside the embedded default such as docker compose.
 */
public final class KeyGenerator {

	private KeyGenerator() {
	}

	public static void main(String[] args) {
		Path dir = Path.of(args.length > 0 ? args[0] : ".latchkey/keys");
		DevKeys keys = DevKeys.loadOrGenerate(dir);
		System.out.println("Development keys are in " + keys.dir.toAbsolutePath());
	}

}
