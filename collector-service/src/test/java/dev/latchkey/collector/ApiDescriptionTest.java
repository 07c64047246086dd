package dev.latchkey.collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.latchkey.collector.web.Problems;
import dev.latchkey.websecurity.DevTokens;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description at {@code /v3/api-docs}, fetched without a token, against the
 * controllers: every route and method is there, each names its problem+json answers, and
 * every problem type of {@link Problems} is documented.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApiDescriptionTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Reached without a token: the browser's OAuth callback. */
	private static final Set<String> PUBLIC = Set.of("/oauth/{provider}/callback");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("latchkey.collector.vault-public-keyset", Fixtures::vaultPublicKeysetJson);
		registry.add("latchkey.security.jwt.hmac-secret", () -> Fixtures.JWT_SECRET);
		registry.add("latchkey.security.jwt.issuer", () -> DevTokens.ISSUER);
		registry.add("latchkey.security.jwt.audience", () -> DevTokens.AUDIENCE);
		registry.add("spring.mongodb.uri", () -> TestMongo.uri("collector_api_description"));
	}

	@LocalServerPort
	int port;

	/** The controllers' mappings (actuator has its own). */
	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	@DisplayName("every public route and method is described, with its problem+json answers and every problem type")
	void describesEveryRouteWithItsProblems() {
		JsonNode api = fetchDescription();

		List<String> routes = new ArrayList<>();
		this.mappings.getHandlerMethods().forEach((info, handler) -> {
			if (!handler.getBeanType().getPackageName().startsWith("dev.latchkey")) {
				return;
			}
			info.getPatternsCondition().getPatterns().forEach((pattern) -> {
				for (RequestMethod method : info.getMethodsCondition().getMethods()) {
					String route = method + " " + pattern.getPatternString();
					routes.add(route);
					JsonNode operation = api.path("paths")
						.path(pattern.getPatternString())
						.path(method.name().toLowerCase());
					assertThat(operation.isMissingNode()).as(route + " described").isFalse();
					assertThat(operation.path("responses").path("4XX").path("content").has("application/problem+json"))
						.as(route + " 4XX problem+json")
						.isTrue();
					boolean open = PUBLIC.contains(pattern.getPatternString());
					assertThat(operation.path("responses").has("401")).as(route + " 401").isEqualTo(!open);
					assertThat(operation.path("security").toString()).as(route + " bearer")
						.isEqualTo(open ? "" : "[{\"bearer\":[]}]");
				}
			});
		});
		assertThat(routes).contains("POST /api/integrations/{provider}/credentials", "GET /api/providers",
				"DELETE /api/integrations/{integrationId}", "GET /api/integrations/{integrationId}/access-log",
				"POST /api/integrations/{provider}/connect", "GET /oauth/{provider}/callback");

		List<String> documented = new ArrayList<>();
		api.path("components")
			.path("schemas")
			.path("Problem")
			.path("properties")
			.path("type")
			.path("enum")
			.forEach((type) -> documented.add(type.asString()));
		for (Problems problem : Problems.values()) {
			assertThat(documented).contains(problem.type().toString());
		}
		assertThat(api.path("x-problem-types").toString()).contains("\"status\":413", "body-too-large");
		// Nothing but the controllers' routes: no actuator, nothing of springdoc itself.
		// The tenant comes from the token only: no operation takes it as a parameter.
		assertThat(api.toString()).doesNotContain("\"name\":\"tenant\"", "TenantId");
		api.path("paths")
			.propertyNames()
			.forEach((path) -> assertThat(routes).as(path).anyMatch((route) -> route.endsWith(" " + path)));
	}

	private JsonNode fetchDescription() {
		byte[] body = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			// The description is built on the first request: slow on a busy machine.
			.responseTimeout(Duration.ofMinutes(1))
			.build()
			.get()
			.uri("/v3/api-docs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody();
		return JSON.readTree(body);
	}

}
