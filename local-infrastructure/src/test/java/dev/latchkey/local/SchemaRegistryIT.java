package dev.latchkey.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class SchemaRegistryIT {

	private static final HttpClient http = HttpClient.newHttpClient();

	private static final String CREDENTIAL_RECEIVED_V1 = """
			{"type":"record","name":"CredentialReceived","namespace":"dev.latchkey.test",
			 "fields":[{"name":"integrationId","type":"string"}]}""";

	private static final String CREDENTIAL_RECEIVED_WITH_DEFAULTED_FIELD = """
			{"type":"record","name":"CredentialReceived","namespace":"dev.latchkey.test",
			 "fields":[{"name":"integrationId","type":"string"},
			           {"name":"source","type":"string","default":"api"}]}""";

	private static final String CREDENTIAL_RECEIVED_WITH_REQUIRED_FIELD = """
			{"type":"record","name":"CredentialReceived","namespace":"dev.latchkey.test",
			 "fields":[{"name":"integrationId","type":"string"},
			           {"name":"source","type":"string"}]}""";

	@Test
	void resolvesARegisteredSchemaByContentIdAfterRestart(@TempDir Path dataDir) throws Exception {
		long contentId;
		try (SchemaRegistry registry = SchemaRegistry.start(dataDir, 0)) {
			System.out.println("Schema registry started in " + registry.startupTime().toMillis() + " ms");
			HttpResponse<String> created = createArtifact(registry, "credential-received-value",
					CREDENTIAL_RECEIVED_V1);
			assertThat(created.statusCode()).isEqualTo(200);
			contentId = contentId(created.body());
		}
		try (SchemaRegistry registry = SchemaRegistry.start(dataDir, 0)) {
			System.out.println("Schema registry restarted in " + registry.startupTime().toMillis() + " ms");
			HttpResponse<String> content = get(registry.url() + "/ids/contentIds/" + contentId);

			assertThat(content.statusCode()).isEqualTo(200);
			assertThat(content.body()).contains("\"integrationId\"");
		}
	}

	@Test
	void enforcesBackwardCompatibilityGlobally(@TempDir Path dataDir) throws Exception {
		try (SchemaRegistry registry = SchemaRegistry.start(dataDir, 0)) {
			assertThat(get(registry.url() + "/admin/rules").body()).contains("COMPATIBILITY");
			assertThat(get(registry.url() + "/admin/rules/COMPATIBILITY").body()).contains("BACKWARD");
			assertThat(createArtifact(registry, "status-changed-value", CREDENTIAL_RECEIVED_V1).statusCode())
				.isEqualTo(200);

			assertThat(
					addVersion(registry, "status-changed-value", CREDENTIAL_RECEIVED_WITH_REQUIRED_FIELD).statusCode())
				.isEqualTo(409);
			assertThat(
					addVersion(registry, "status-changed-value", CREDENTIAL_RECEIVED_WITH_DEFAULTED_FIELD).statusCode())
				.isEqualTo(200);
		}
	}

	@Test
	void servesTheV2ApiOnTheRequestedPort(@TempDir Path dataDir) throws Exception {
		int port = FreePort.pick();
		try (SchemaRegistry registry = SchemaRegistry.start(dataDir, port)) {
			assertThat(registry.url()).isEqualTo("http://localhost:" + port + "/apis/registry/v2");
			assertThat(get(registry.url() + "/system/info").statusCode()).isEqualTo(200);
		}
		assertThat(dataDir.resolve("registry.log")).isNotEmptyFile();
	}

	@Test
	void exitsWhenTheJvmThatStartedItIsKilledAndLeavesTheDirectoryToTheNext(@TempDir Path dataDir) throws Exception {
		Process parent = LaunchingParent.start(dataDir.toString(), "registry");
		try {
			long orphan = LaunchingParent.childPid(parent);

			parent.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
			while (ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false)) {
				assertThat(System.nanoTime()).as("registry %d still running", orphan).isLessThan(deadline);
				Thread.sleep(100);
			}
		}
		finally {
			parent.destroyForcibly();
		}
		try (SchemaRegistry registry = SchemaRegistry.start(dataDir, 0)) {
			assertThat(get(registry.url() + "/system/info").statusCode()).isEqualTo(200);
		}
	}

	@Test
	void reportsTheLogTailWhenTheRegistryCannotStart(@TempDir Path dataDir) throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			assertThatIllegalStateException().isThrownBy(() -> SchemaRegistry.start(dataDir, taken.getLocalPort()))
				.withMessageContaining("registry.log")
				.withMessageContaining(String.valueOf(taken.getLocalPort()));
		}
	}

	private static HttpResponse<String> createArtifact(SchemaRegistry registry, String artifactId, String schema)
			throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create(registry.url() + "/groups/default/artifacts"))
			.header("Content-Type", "application/json")
			.header("X-Registry-ArtifactId", artifactId)
			.header("X-Registry-ArtifactType", "AVRO")
			.POST(HttpRequest.BodyPublishers.ofString(schema))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> addVersion(SchemaRegistry registry, String artifactId, String schema)
			throws Exception {
		return http.send(HttpRequest
			.newBuilder(URI.create(registry.url() + "/groups/default/artifacts/" + artifactId + "/versions"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(schema))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
		return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static long contentId(String artifactMetadata) {
		Matcher matcher = Pattern.compile("\"contentId\"\\s*:\\s*(\\d+)").matcher(artifactMetadata);
		assertThat(matcher.find()).as("contentId in %s", artifactMetadata).isTrue();
		return Long.parseLong(matcher.group(1));
	}

}
