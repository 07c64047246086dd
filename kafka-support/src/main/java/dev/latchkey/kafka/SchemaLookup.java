package dev.latchkey.kafka;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks the registry whether it has a schema: the way to tell a record that cannot be read
 * (its schema is there, or the registry says it has none) from a registry that is away
 * (no answer, or a failing one) — the serde's own exceptions do not say which.
 */
class SchemaLookup {

	enum Answer {

		FOUND, NOT_FOUND, UNAVAILABLE

	}

	private final HttpClient http;

	private final String registryUrl;

	private final Duration timeout;

	SchemaLookup(String registryUrl, Duration timeout) {
		this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
		this.registryUrl = registryUrl.endsWith("/") ? registryUrl.substring(0, registryUrl.length() - 1) : registryUrl;
		this.timeout = timeout;
	}

	/** {@code GET /ids/contentIds/{id}} of the registry's v2 API. */
	Answer contentId(long id) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.registryUrl + "/ids/contentIds/" + id))
			.timeout(this.timeout)
			.build();
		try {
			int status = this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
			if (status == 200) {
				return Answer.FOUND;
			}
			return (status == 404) ? Answer.NOT_FOUND : Answer.UNAVAILABLE;
		}
		catch (IOException ex) {
			return Answer.UNAVAILABLE;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Answer.UNAVAILABLE;
		}
	}

}
