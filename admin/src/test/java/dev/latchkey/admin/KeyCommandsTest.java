package dev.latchkey.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.latchkey.crypto.Keysets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The key commands against a vault that answers as the real one does. */
class KeyCommandsTest {

	private HttpServer vault;

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger polls = new AtomicInteger();

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private PrintStream originalOut;

	private PrintStream originalErr;

	private final List<String> signatures = new CopyOnWriteArrayList<>();

	@TempDir
	Path keys;

	private Path signingKeyset;

	@BeforeEach
	void start() throws IOException {
		this.signingKeyset = this.keys.resolve("operator-signing-private.json");
		Files.writeString(this.signingKeyset, Keysets.toSecretJson(Keysets.generate(Keysets.SIGNATURE_TEMPLATE)));
		this.vault = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.vault.createContext("/", this::answer);
		this.vault.start();
		this.originalOut = System.out;
		this.originalErr = System.err;
		System.setOut(new PrintStream(this.out, true, StandardCharsets.UTF_8));
		System.setErr(new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	@AfterEach
	void stop() {
		System.setOut(this.originalOut);
		System.setErr(this.originalErr);
		this.vault.stop(0);
	}

	@Test
	void everyRequest_isSignedAsTheOperator() {
		LatchkeyAdmin.run("rotate-tenant", "--tenant", "acme", "--vault-url", vaultUrl(), "--signing-keyset-file",
				this.signingKeyset.toString());

		assertThat(this.signatures).isNotEmpty()
			.allSatisfy((signature) -> assertThat(signature).startsWith("operator "));
	}

	@Test
	void withoutASigningKeyset_itSaysWhereToGiveOne() {
		int exit = LatchkeyAdmin.run("keys", "status", "--vault-url", vaultUrl(), "--signing-keyset-file",
				"/nonexistent/operator.json");

		assertThat(exit).isEqualTo(1);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("LATCHKEY_ADMIN_SIGNING_KEYSET_FILE");
		assertThat(this.requests).isEmpty();
	}

	@Test
	void rotateTenant_startsTheRewrapAndFollowsItToTheEnd() {
		int exit = LatchkeyAdmin.run("rotate-tenant", "--tenant", "acme", "--vault-url", vaultUrl(),
				"--signing-keyset-file", this.signingKeyset.toString());

		assertThat(exit).isZero();
		assertThat(this.requests).first().isEqualTo("POST /internal/operations/rotate-tenant?tenant=acme");
		assertThat(this.requests).contains("GET /internal/operations/tenant-1");
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains(
				"Tenant rotation tenant-1 of tenant acme: DONE, 40 of 40 done, 0 failed, 0 still need an old key");
	}

	@Test
	void disableOld_isRefusedWithTheRecordsThatStillNeedAnOldKey() {
		int exit = LatchkeyAdmin.run("keys", "disable-old", "--tenant", "busy", "--vault-url", vaultUrl(),
				"--signing-keyset-file", this.signingKeyset.toString());

		assertThat(exit).isEqualTo(1);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("Refused: 3 record(s) still need an old key")
			.contains("credential_versions ev-1 (tenant key 7)");
	}

	@Test
	void audit_printsTheAccessLogOfAnIntegration_pageByPage() {
		int exit = LatchkeyAdmin.run("audit", "--tenant", "acme", "--integration", "int_a", "--vault-url", vaultUrl(),
				"--signing-keyset-file", this.signingKeyset.toString());

		assertThat(exit).isZero();
		assertThat(this.requests).containsExactly("GET /internal/integrations/int_a/access-log?tenant=acme&limit=50",
				"GET /internal/integrations/int_a/access-log?tenant=acme&limit=49&cursor=next");
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("scanner", "GRANTED", "collector", "REFUSED",
				"OUT_OF_SCOPE");
	}

	@Test
	void offboarding_asksForConfirmationFirst() {
		int exit = LatchkeyAdmin.run("offboard-tenant", "--tenant", "acme", "--vault-url", vaultUrl(),
				"--signing-keyset-file", this.signingKeyset.toString());

		assertThat(exit).isEqualTo(2);
		assertThat(this.requests).isEmpty();
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("--yes");
	}

	@Test
	void aVaultThatIsNotRunning_isSaidInOneLine() {
		String url = vaultUrl();
		this.vault.stop(0);

		int exit = LatchkeyAdmin.run("keys", "status", "--vault-url", url, "--signing-keyset-file",
				this.signingKeyset.toString());

		assertThat(exit).isEqualTo(1);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("The vault does not answer at")
			.doesNotContain("Exception");
	}

	private String vaultUrl() {
		return "http://" + this.vault.getAddress().getHostString() + ":" + this.vault.getAddress().getPort();
	}

	private void answer(HttpExchange exchange) throws IOException {
		String request = exchange.getRequestMethod() + " " + exchange.getRequestURI();
		this.requests.add(request);
		this.signatures.add(exchange.getRequestHeaders().getFirst("Latchkey-Consumer") + " "
				+ exchange.getRequestHeaders().getFirst("Latchkey-Signature"));
		if (request.startsWith("POST /internal/operations/rotate-tenant")) {
			respond(exchange, 202, operation("RUNNING", 0));
		}
		else if (request.startsWith("GET /internal/operations/tenant-1")) {
			respond(exchange, 200,
					(this.polls.incrementAndGet() < 2) ? operation("RUNNING", 20) : operation("DONE", 40));
		}
		else if (request.startsWith("GET /internal/integrations/int_a/access-log") && !request.contains("cursor")) {
			respond(exchange, 200,
					"{\"entries\":[{\"at\":\"2026-12-02T03:00:00Z\",\"consumer\":\"scanner\","
							+ "\"authenticated\":true,\"purpose\":\"scan\",\"version\":2,\"outcome\":\"GRANTED\","
							+ "\"reason\":null}],\"next\":\"next\"}");
		}
		else if (request.startsWith("GET /internal/integrations/int_a/access-log")) {
			respond(exchange, 200,
					"{\"entries\":[{\"at\":\"2026-12-02T02:00:00Z\",\"consumer\":\"collector\","
							+ "\"authenticated\":true,\"purpose\":\"scan\",\"version\":2,\"outcome\":\"REFUSED\","
							+ "\"reason\":\"OUT_OF_SCOPE\"}],\"next\":null}");
		}
		else if (request.startsWith("POST /internal/operations/disable-old-keys")) {
			respond(exchange, 409, "{\"refused\":true,\"disabled\":[],\"stillNeeded\":3,"
					+ "\"needing\":[\"credential_versions ev-1 (tenant key 7)\"]}");
		}
		else {
			respond(exchange, 404, "{\"detail\":\"no\"}");
		}
	}

	private static String operation(String state, int done) {
		return "{\"id\":\"tenant-1\",\"kind\":\"TENANT_REWRAP\",\"tenantId\":\"acme\",\"state\":\"" + state
				+ "\",\"total\":40,\"done\":" + done + ",\"failed\":0,\"failures\":[],\"remaining\":0}";
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

}
