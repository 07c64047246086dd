package dev.latchkey.admin;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The vault's operator API ({@code /internal/operations}): the keys never leave the
 * vault, the admin jar asks it and follows what it does.
 */
class VaultOperations {

	private static final ObjectMapper json = new ObjectMapper();

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final URI base;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	VaultOperations(String vaultUrl) {
		this.base = URI.create(vaultUrl.endsWith("/") ? vaultUrl : vaultUrl + "/");
	}

	Answer post(String path) {
		return send(HttpRequest.newBuilder(this.base.resolve(path)).POST(HttpRequest.BodyPublishers.noBody()));
	}

	Answer get(String path) {
		return send(HttpRequest.newBuilder(this.base.resolve(path)).GET());
	}

	private Answer send(HttpRequest.Builder request) {
		HttpRequest built = request.timeout(TIMEOUT).header("Accept", "application/json").build();
		try {
			HttpResponse<String> response = this.http.send(built, HttpResponse.BodyHandlers.ofString());
			JsonNode body = response.body().isBlank() ? json.createObjectNode() : json.readTree(response.body());
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
