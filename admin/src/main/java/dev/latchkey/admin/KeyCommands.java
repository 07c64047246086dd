package dev.latchkey.admin;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.crypto.tink.KeysetHandle;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.RequestSigner;
import dev.latchkey.crypto.SealingException;
import dev.latchkey.admin.VaultOperations.Answer;
import dev.latchkey.admin.VaultOperations.OperatorException;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Key rotation, rewrap, offboarding and key status: each asks the vault, then follows the
 * operation with a progress bar (rate and ETA) until it is done. Interrupting the command
 * (Ctrl-C) leaves the operation running in the vault; {@code rewrap --resume} follows it
 * again, and resumes it if the vault was stopped meanwhile.
 */
final class KeyCommands {

	private static final Duration POLL = Duration.ofMillis(500);

	private KeyCommands() {
	}

	static class Vault {

		@Option(names = "--vault-url",
				description = "The vault's internal API (default: $LATCHKEY_VAULT_URL or http://localhost:8082)")
		String url = System.getenv().getOrDefault("LATCHKEY_VAULT_URL", "http://localhost:8082");

		@Option(names = "--no-wait", description = "Start the operation and return at once")
		boolean noWait;

		@Option(names = "--consumer",
				description = "The name the vault registered the operator under (default: ${DEFAULT-VALUE})")
		String consumer = "operator";

		@Option(names = "--signing-keyset-file",
				description = "The operator's private Ed25519 keyset (default: $LATCHKEY_ADMIN_SIGNING_KEYSET_FILE, else the embedded default's .latchkey/keys/operator-signing-private.json)")
		Path signingKeyset = Path.of(System.getenv()
			.getOrDefault("LATCHKEY_ADMIN_SIGNING_KEYSET_FILE", ".latchkey/keys/operator-signing-private.json"));

		VaultOperations operations() {
			if (!Files.isReadable(this.signingKeyset)) {
				throw new OperatorException("No operator signing keyset at " + this.signingKeyset
						+ ": give --signing-keyset-file or LATCHKEY_ADMIN_SIGNING_KEYSET_FILE");
			}
			KeysetHandle keyset;
			try {
				keyset = Keysets.loadSecret("--signing-keyset-file (LATCHKEY_ADMIN_SIGNING_KEYSET_FILE)", null,
						this.signingKeyset);
				return new VaultOperations(this.url, this.consumer, new RequestSigner(keyset));
			}
			catch (SealingException ex) {
				throw new OperatorException(ex.getMessage());
			}
		}

	}

	@Command(name = "rotate-root",
			description = "Adds a new primary root key (the keyset file is rewritten), then rewraps every tenant key under it. Cost grows with tenants, not credentials.")
	static class RotateRoot implements Callable<Integer> {

		@Mixin
		Vault vault = new Vault();

		@Override
		public Integer call() {
			return start(this.vault, "internal/operations/rotate-root");
		}

	}

	@Command(name = "rotate-tenant",
			description = "Adds a new primary key to a tenant's keyset, then rewraps the tenant's data keys under it.")
	static class RotateTenant implements Callable<Integer> {

		@Mixin
		Vault vault = new Vault();

		@Option(names = "--tenant", required = true, description = "The tenant id")
		String tenant;

		@Override
		public Integer call() {
			return start(this.vault, "internal/operations/rotate-tenant?tenant=" + encode(this.tenant));
		}

	}

	@Command(name = "offboard-tenant",
			description = "Destroys a tenant's key (nothing of the tenant can be opened any more), then deletes and tombstones each of its integrations. Idempotent; run again to resume or see the counts.")
	static class OffboardTenant implements Callable<Integer> {

		@Mixin
		Vault vault = new Vault();

		@Option(names = "--tenant", required = true, description = "The tenant id")
		String tenant;

		@Option(names = "--yes", description = "Do not ask: the tenant's credentials are destroyed for good")
		boolean yes;

		@Override
		public Integer call() {
			if (!this.yes) {
				System.err.println("Offboarding destroys every credential of tenant " + this.tenant
						+ " for good. Run again with --yes to do it.");
				return 2;
			}
			return start(this.vault, "internal/operations/offboard?tenant=" + encode(this.tenant));
		}

	}

	@Command(name = "rewrap",
			description = "Follows the key operations that are running, resuming those a stopped vault left unfinished.")
	static class Rewrap implements Callable<Integer> {

		@Mixin
		Vault vault = new Vault();

		@Option(names = "--resume", required = true, description = "Resume and follow unfinished operations")
		boolean resume;

		@Override
		public Integer call() {
			return handled(() -> {
				VaultOperations operations = this.vault.operations();
				Answer resumed = operations.post("internal/operations/resume");
				if (!resumed.ok()) {
					throw new OperatorException(resumed.detail());
				}
				if (resumed.body().isEmpty()) {
					System.out.println("No key operation is unfinished.");
					return 0;
				}
				int exit = 0;
				for (JsonNode operation : resumed.body()) {
					exit = Math.max(exit, this.vault.noWait ? print(operation) : follow(operations, operation));
				}
				return exit;
			});
		}

	}

	@Command(name = "status",
			description = "The root keys (or a tenant's), which is primary, and how many keys or data keys are still wrapped by an older one; the recent key operations.")
	static class Status implements Callable<Integer> {

		@Mixin
		Vault vault = new Vault();

		@Option(names = "--tenant", description = "A tenant's keys instead of the root keys")
		String tenant;

		@Override
		public Integer call() {
			return handled(() -> {
				VaultOperations operations = this.vault.operations();
				Answer keys = operations
					.get("internal/operations/keys" + ((this.tenant != null) ? "?tenant=" + encode(this.tenant) : ""));
				if (!keys.ok()) {
					throw new OperatorException(keys.detail());
				}
				JsonNode body = keys.body();
				System.out.println(body.get("keyset").asText() + " keyset:");
				for (JsonNode key : body.get("keys")) {
					System.out.printf("  key %d  %s%s%n", key.get("id").asLong(), key.get("status").asText(),
							key.get("primary").asBoolean() ? "  primary" : "");
				}
				System.out.printf("%d %s still wrapped by an older key%n", body.get("olderWraps").asLong(),
						body.get("wrapped").asText());
				Answer recent = operations.get("internal/operations?limit=5");
				if (recent.ok() && !recent.body().isEmpty()) {
					System.out.println("Recent key operations:");
					for (JsonNode operation : recent.body()) {
						System.out.println("  " + summary(operation));
					}
				}
				return 0;
			});
		}

	}

	@Command(name = "disable-old",
			description = "Disables every key but the primary (root keys, or a tenant's) — refused, with the records that still need an old key, until a rewrap has moved everything.")
	static class DisableOld implements Callable<Integer> {

		@Mixin
		Vault vault = new Vault();

		@Option(names = "--tenant", description = "A tenant's keys instead of the root keys")
		String tenant;

		@Override
		public Integer call() {
			return handled(() -> {
				Answer answer = this.vault.operations()
					.post("internal/operations/disable-old-keys"
							+ ((this.tenant != null) ? "?tenant=" + encode(this.tenant) : ""));
				JsonNode body = answer.body();
				if (answer.status() == 409 && body.has("refused")) {
					System.err.printf(
							"Refused: %d record(s) still need an old key; run the rewrap first. First ones:%n",
							body.get("stillNeeded").asLong());
					body.get("needing").forEach((record) -> System.err.println("  " + record.asText()));
					return 1;
				}
				if (!answer.ok()) {
					throw new OperatorException(answer.detail());
				}
				List<String> disabled = new ArrayList<>();
				body.get("disabled").forEach((id) -> disabled.add(id.asText()));
				System.out.println(disabled.isEmpty() ? "No old key was enabled." : "Disabled keys " + disabled);
				return 0;
			});
		}

	}

	@Command(name = "audit",
			description = "Every lease attempt on one integration (who, authenticated or not, for what, which version, when, granted or refused), newest first: the tenant's access log as the vault keeps it.")
	static class Audit implements Callable<Integer> {

		@Mixin
		Vault vault = new Vault();

		@Option(names = "--tenant", required = true, description = "The tenant id")
		String tenant;

		@Option(names = "--integration", required = true, description = "The integration id (int_…)")
		String integration;

		@Option(names = "--limit", description = "At most this many attempts (default: ${DEFAULT-VALUE})")
		int limit = 50;

		@Override
		public Integer call() {
			return handled(() -> {
				VaultOperations operations = this.vault.operations();
				String cursor = null;
				int shown = 0;
				System.out.printf("%-24s  %-10s  %-13s  %-10s  %-7s  %-9s  %s%n", "at", "consumer", "authenticated",
						"purpose", "version", "outcome", "reason");
				do {
					int page = Math.min(200, this.limit - shown);
					Answer answer = operations.get("internal/integrations/" + encode(this.integration)
							+ "/access-log?tenant=" + encode(this.tenant) + "&limit=" + page
							+ ((cursor != null) ? "&cursor=" + encode(cursor) : ""));
					if (!answer.ok()) {
						throw new OperatorException(answer.detail());
					}
					for (JsonNode entry : answer.body().path("entries")) {
						System.out.printf("%-24s  %-10s  %-13s  %-10s  %-7s  %-9s  %s%n", entry.path("at").asText(),
								entry.path("consumer").asText(), entry.path("authenticated").asBoolean(),
								entry.path("purpose").asText(), entry.path("version").asText("-"),
								entry.path("outcome").asText(), entry.path("reason").asText(""));
						shown++;
					}
					cursor = answer.body().path("next").isTextual() ? answer.body().path("next").asText() : null;
				}
				while (cursor != null && shown < this.limit);
				return 0;
			});
		}

	}

	private static int start(Vault vault, String path) {
		return handled(() -> {
			VaultOperations operations = vault.operations();
			Answer started = operations.post(path);
			if (!started.ok()) {
				throw new OperatorException(started.detail());
			}
			return vault.noWait ? print(started.body()) : follow(operations, started.body());
		});
	}

	/** Follows the operation with a progress bar until it is done. */
	static int follow(VaultOperations operations, JsonNode started) {
		String id = started.get("id").asText();
		JsonNode operation = started;
		PrintStream out = System.out;
		try (ProgressBar bar = new ProgressBarBuilder().setTaskName(label(operation))
			.setInitialMax(Math.max(1, operation.get("total").asLong()))
			.setStyle(ProgressBarStyle.ASCII)
			.setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
			.showSpeed()
			.setUpdateIntervalMillis(250)
			.build()) {
			while (operation.get("state").asText().equals("RUNNING")) {
				bar.maxHint(Math.max(operation.get("total").asLong(), operation.get("done").asLong()));
				bar.stepTo(operation.get("done").asLong());
				sleep();
				Answer answer = operations.get("internal/operations/" + encode(id));
				if (!answer.ok()) {
					throw new OperatorException(answer.detail());
				}
				operation = answer.body();
			}
			bar.maxHint(Math.max(1, operation.get("done").asLong()));
			bar.stepTo(operation.get("done").asLong());
		}
		return print(out, operation);
	}

	private static int print(JsonNode operation) {
		return print(System.out, operation);
	}

	private static int print(PrintStream out, JsonNode operation) {
		out.println(summary(operation));
		if (operation.get("failed").asLong() > 0) {
			out.println("Records that could not be changed (altered, or their key is missing):");
			operation.get("failures").forEach((failure) -> out.println("  " + failure.asText()));
		}
		boolean clean = operation.get("failed").asLong() == 0 && operation.get("remaining").asLong() == 0;
		return (clean || "RUNNING".equals(operation.get("state").asText())) ? 0 : 1;
	}

	private static String summary(JsonNode operation) {
		String tenant = operation.hasNonNull("tenantId") ? " of tenant " + operation.get("tenantId").asText() : "";
		return String.format("%s %s%s: %s, %d of %d done, %d failed, %d still need an old key", label(operation),
				operation.get("id").asText(), tenant, operation.get("state").asText(), operation.get("done").asLong(),
				operation.get("total").asLong(), operation.get("failed").asLong(), operation.get("remaining").asLong());
	}

	private static String label(JsonNode operation) {
		return switch (operation.get("kind").asText()) {
			case "ROOT_REWRAP" -> "Root rotation";
			case "TENANT_REWRAP" -> "Tenant rotation";
			case "OFFBOARD" -> "Offboarding";
			default -> operation.get("kind").asText();
		};
	}

	private static int handled(Callable<Integer> command) {
		try {
			return command.call();
		}
		catch (OperatorException ex) {
			System.err.println(ex.getMessage());
			return 1;
		}
		catch (Exception ex) {
			System.err.println(ex.getClass().getSimpleName() + ": " + ex.getMessage());
			return 1;
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(POLL.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new OperatorException(
					"Interrupted: the operation goes on in the vault; follow it with rewrap --resume");
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

}
