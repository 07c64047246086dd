package dev.latchkey.admin;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.latchkey.schemas.Topics;
import org.apache.avro.Schema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code register-schemas}: every event schema of {@code schemas}, registered where the
 * producers' serde looks for it, so that services can run with auto-registration off and
 * read-only access to the registry. The serde names an artifact by its topic
 * ({@code TopicIdStrategy}: {@code <topic>-value} in group {@code default}) and, without
 * auto-registration, finds the version by its content: so the content registered here is
 * exactly what the generated class's schema prints.
 */
@Command(name = "register-schemas", mixinStandardHelpOptions = true,
		description = {
				"Registers the value schema of every Latchkey topic (dead-letter topics included) in the "
						+ "schema registry, under the artifact ids the serde uses (<topic>-value, group default).",
				"Idempotent: a schema registered already keeps its version and content id. "
						+ "Exit 0 all registered, 1 the registry refused one (e.g. not BACKWARD compatible) or "
						+ "could not be reached in time." })
final class RegisterSchemas implements Callable<Integer> {

	/** The serde's default group: {@code TopicIdStrategy} names none. */
	static final String GROUP = "default";

	private static final ObjectMapper json = new ObjectMapper();

	@Spec
	CommandSpec spec;

	@Option(names = "--registry-url",
			description = "The schema registry's v2 API (default: $REGISTRY_URL or http://localhost:8081/apis/registry/v2)")
	String registryUrl = System.getenv().getOrDefault("REGISTRY_URL", "http://localhost:8081/apis/registry/v2");

	@Option(names = "--wait", paramLabel = "DURATION",
			description = "How long to keep trying while the registry cannot be reached, e.g. 2m (default: ${DEFAULT-VALUE})")
	String wait = "2m";

	/** The serde's artifact id of the values of a topic. */
	static String artifactId(String topic) {
		return topic + "-value";
	}

	@Override
	public Integer call() throws InterruptedException {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		Instant giveUp = Instant.now().plus(Duration.parse("PT" + this.wait.toUpperCase(java.util.Locale.ROOT)));
		int refused = 0;
		for (Map.Entry<String, Schema> topic : Topics.valueSchemas().entrySet()) {
			String artifact = artifactId(topic.getKey());
			HttpResponse<String> answer = register(http, artifact, topic.getValue(), giveUp, err);
			if (answer == null) {
				err.println("register-schemas: the registry at " + this.registryUrl + " did not answer within "
						+ this.wait);
				return 1;
			}
			if (answer.statusCode() != 200) {
				err.println(artifact + ": refused (" + answer.statusCode() + ") " + message(answer.body()));
				refused++;
				continue;
			}
			JsonNode registered = readTree(answer.body());
			out.println(artifact + ": version " + registered.path("version").asText() + ", content id "
					+ registered.path("contentId").asText() + " (" + topic.getValue().getFullName() + ")");
		}
		out.flush();
		return (refused == 0) ? 0 : 1;
	}

	/**
	 * Registers one schema, trying again while the registry cannot be reached.
	 * @return the registry's answer, or {@code null} when it gave none in time
	 */
	private HttpResponse<String> register(HttpClient http, String artifact, Schema schema, Instant giveUp,
			PrintWriter err) throws InterruptedException {
		// RETURN_OR_UPDATE with canonical: the same content again returns the version it
		// has; changed content becomes a new version (if the compatibility rule allows).
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(this.registryUrl.replaceAll("/+$", "") + "/groups/" + GROUP
					+ "/artifacts?ifExists=RETURN_OR_UPDATE&canonical=true"))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/json")
			.header("X-Registry-ArtifactId", URLEncoder.encode(artifact, StandardCharsets.UTF_8))
			.header("X-Registry-ArtifactType", "AVRO")
			.POST(HttpRequest.BodyPublishers.ofString(schema.toString()))
			.build();
		boolean said = false;
		while (true) {
			try {
				HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
				// The registry answers 5xx while its storage is still starting.
				if (answer.statusCode() < 500 || Instant.now().isAfter(giveUp)) {
					return answer;
				}
			}
			catch (IOException ex) {
				if (Instant.now().isAfter(giveUp)) {
					return null;
				}
			}
			if (!said) {
				err.println("register-schemas: waiting for the registry at " + this.registryUrl);
				said = true;
			}
			Thread.sleep(1000);
		}
	}

	private static String message(String body) {
		JsonNode error = readTree(body);
		return error.hasNonNull("message") ? error.get("message").asText() : body;
	}

	private static JsonNode readTree(String body) {
		try {
			return json.readTree(body);
		}
		catch (IOException ex) {
			return json.createObjectNode();
		}
	}

}
