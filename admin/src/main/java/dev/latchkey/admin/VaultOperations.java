package dev.latchkey.admin;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.crypto.RequestSigner;
import dev.latchkey.crypto.SignedRequest;

/**
 * The vault's operator API ({@code /internal/operations}): the keys never leave the
 * vault, the admin jar asks it and follows what it does.
 */
class VaultOperations {

	private static final ObjectMapper json = new ObjectMapper();

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final URI base;

	private final String consumer;

	private final RequestSigner signer;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/**
	 * @param consumer the name the vault registered the operator's verify keyset under
	 * @param signer signs every request with the operator's private Ed25519 keyset
	 */
	VaultOperations(String vaultUrl, String consumer, RequestSigner signer) {
		this.base = URI.create(vaultUrl.endsWith("/") ? vaultUrl : vaultUrl + "/");
		this.consumer = consumer;
		this.signer = signer;
	}

	Answer post(String path) {
		return send("POST", path);
	}

	Answer get(String path) {
		return send("GET", path);
	}

	/**
	 * A request signed as the vault's internal API wants it (see {@link SignedRequest}).
	 */
	private Answer send(String method, String path) {
		URI uri = this.base.resolve(path);
		long now = Instant.now().getEpochSecond();
		String pathAndQuery = uri.getRawPath() + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
		String signature = this.signer.sign(new SignedRequest(this.consumer, method, pathAndQuery, now, new byte[0]));
		HttpRequest built = HttpRequest.newBuilder(uri)
			.method(method, HttpRequest.BodyPublishers.noBody())
			.timeout(TIMEOUT)
			.header("Accept", "application/json")
			.header(SignedRequest.CONSUMER_HEADER, this.consumer)
			.header(SignedRequest.TIMESTAMP_HEADER, Long.toString(now))
			.header(SignedRequest.SIGNATURE_HEADER, signature)
			.build();
		try {
			HttpResponse<String> response = this.http.send(built, HttpResponse.BodyHandlers.ofString());
			JsonNode body = response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
			if (response.statusCode() == 404 && "NOT_FOUND".equals(body.path("code").asText())
					&& body.path("detail").asText().contains("not within its scope")) {
				throw new OperatorException("The vault refused: is consumer '" + this.consumer
						+ "' registered with the public half of the signing keyset and purpose operate? "
						+ "(LATCHKEY_VAULT_LEASE_CONSUMERS_OPERATOR_VERIFY_KEYSET_FILE on the vault)");
			}
			return new Answer(response.statusCode(), body);
		}
		catch (ConnectException ex) {
			throw new OperatorException("The vault does not answer at " + this.base
					+ " (--vault-url or LATCHKEY_VAULT_URL): is it running?");
		}
		catch (IOException ex) {
			throw new OperatorException("Asking the vault at " + built.uri() + " failed: " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new OperatorException("Interrupted");
		}
	}

	/**
	 * An answer of the vault: the status and the JSON body (a problem when it failed).
	 */
	record Answer(int status, JsonNode body) {

		boolean ok() {
			return this.status >= 200 && this.status < 300;
		}

		/** The problem's detail, for the operator. */
		String detail() {
			JsonNode detail = this.body.get("detail");
			return (detail != null) ? detail.asText() : "HTTP " + this.status;
		}

	}

	/** A failure told to the operator in one line, exit code 1. */
	static class OperatorException extends RuntimeException {

		OperatorException(String message) {
			super(message);
		}

	}

}
