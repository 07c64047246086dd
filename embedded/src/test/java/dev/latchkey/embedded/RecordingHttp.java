package dev.latchkey.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP client for the end-to-end tests that remembers every response (status, headers,
 * body), so the canary test can search all of them.
 */
final class RecordingHttp {

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final List<String> responses = new CopyOnWriteArrayList<>();

	HttpResponse<String> get(String url, String token) {
		return send(request(url, token).GET().build());
	}

	HttpResponse<String> postJson(String url, String token, String json) {
		return send(request(url, token).header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	HttpResponse<String> send(HttpRequest request) {
		try {
			HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
			this.responses.add(response.statusCode() + " " + response.headers().map() + "\n" + response.body());
			return response;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static HttpRequest.Builder request(String url, String token) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15));
		return (token != null) ? builder.header("Authorization", "Bearer " + token) : builder;
	}

	List<String> responses() {
		return List.copyOf(this.responses);
	}

}
