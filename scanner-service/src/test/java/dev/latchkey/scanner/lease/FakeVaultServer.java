package dev.latchkey.scanner.lease;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link FakeVault} behind {@code POST /internal/leases}, answering as the contract
 * says.
 */
public final class FakeVaultServer implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpServer server;

	private final FakeVault vault;

	private FakeVaultServer(HttpServer server, FakeVault vault) {
		this.server = server;
		this.vault = vault;
	}

	public static FakeVaultServer start(FakeVault vault) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			FakeVaultServer fake = new FakeVaultServer(server, vault);
			server.createContext("/internal/leases", fake::lease);
			server.start();
			return fake;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String url() {
		return "http://localhost:" + this.server.getAddress().getPort();
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	private void lease(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!"POST".equals(exchange.getRequestMethod())) {
				problem(exchange, 405, "Method not allowed");
				return;
			}
			JsonNode request = json.readTree(exchange.getRequestBody());
			try {
				Lease lease = this.vault.lease(request.path("consumer").asString(), request.path("tenantId").asString(),
						request.path("integrationId").asString());
				Map<String, Object> answer = new LinkedHashMap<>();
				answer.put("leaseId", lease.leaseId());
				answer.put("tenantId", lease.tenantId());
				answer.put("integrationId", lease.integrationId());
				answer.put("provider", lease.provider());
				answer.put("name", lease.name());
				answer.put("version", lease.version());
				answer.put("publicFields", lease.publicFields());
				answer.put("sealedSecret", Base64.getEncoder().encodeToString(lease.sealedSecret()));
				respond(exchange, 200, "application/json", json.writeValueAsBytes(answer));
			}
			catch (LeaseRefusedException ex) {
				problem(exchange, ex.status(), (ex.status() == 403) ? "Unknown consumer" : "Unknown integration");
			}
			catch (VaultUnavailableException ex) {
				problem(exchange, 503, "Lease audit could not be written");
			}
		}
	}

	private static void problem(HttpExchange exchange, int status, String title) throws IOException {
		respond(exchange, status, "application/problem+json",
				json.writeValueAsBytes(Map.of("status", status, "title", title)));
	}

	private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
