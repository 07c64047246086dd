package dev.latchkey.scanner;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.crypto.tink.KeysetHandle;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.latchkey.crypto.Keysets;
import dev.latchkey.crypto.RequestVerifier;
import dev.latchkey.crypto.SignedRequest;
import dev.latchkey.vaultclient.Lease;
import dev.latchkey.vaultclient.Purpose;
import dev.latchkey.vaultclient.VaultRefusedException;
import dev.latchkey.vaultclient.VaultUnavailableException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link FakeVault} behind {@code POST /internal/leases}, answering as the contract
 * says: only a request signed with the consumer's registered key (within a minute) is
 * leased to, and every refusal gets the same 404.
 */
public final class FakeVaultServer implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpServer server;

	private final FakeVault vault;

	private final RequestVerifier verifier;

	private FakeVaultServer(HttpServer server, FakeVault vault, RequestVerifier verifier) {
		this.server = server;
		this.vault = vault;
		this.verifier = verifier;
	}

	/**
	 * @param signingKeyset the consumer's private signing keyset (its public half is
	 * used)
	 */
	public static FakeVaultServer start(FakeVault vault, KeysetHandle signingKeyset) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			FakeVaultServer fake = new FakeVaultServer(server, vault,
					new RequestVerifier(Keysets.publicOf(signingKeyset)));
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
			byte[] body = exchange.getRequestBody().readAllBytes();
			String consumer = authenticated(exchange, body);
			if (consumer == null) {
				problem(exchange, 404, "Not Found");
				return;
			}
			JsonNode request = json.readTree(body);
			try {
				Lease lease = this.vault.lease(consumer, request.path("tenantId").asString(),
						request.path("integrationId").asString(), purpose(request.path("purpose").asString()));
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
			catch (VaultRefusedException ex) {
				problem(exchange, 404, "Not Found");
			}
			catch (VaultUnavailableException ex) {
				problem(exchange, 503, "Lease audit could not be written");
			}
		}
	}

	/** The consumer whose signature verifies over this request, or {@code null}. */
	private String authenticated(HttpExchange exchange, byte[] body) {
		String consumer = exchange.getRequestHeaders().getFirst(SignedRequest.CONSUMER_HEADER);
		String timestamp = exchange.getRequestHeaders().getFirst(SignedRequest.TIMESTAMP_HEADER);
		String signature = exchange.getRequestHeaders().getFirst(SignedRequest.SIGNATURE_HEADER);
		if (consumer == null || timestamp == null
				|| Math.abs(Instant.now().getEpochSecond() - Long.parseLong(timestamp)) > 60) {
			return null;
		}
		SignedRequest signed = new SignedRequest(consumer, exchange.getRequestMethod(),
				exchange.getRequestURI().getRawPath(), Long.parseLong(timestamp), body);
		return this.verifier.verifies(signed, signature) ? consumer : null;
	}

	private static Purpose purpose(String wire) {
		for (Purpose purpose : Purpose.values()) {
			if (purpose.wire().equals(wire)) {
				return purpose;
			}
		}
		return null;
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
