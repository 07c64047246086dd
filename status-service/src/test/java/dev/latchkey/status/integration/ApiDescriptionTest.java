package dev.latchkey.status.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.metrics.KafkaMetricsAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;

import dev.latchkey.kafka.KafkaSupportAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI description at {@code /v3/api-docs}, fetched without a token, against the
 * controllers: every route and method is there, behind the bearer token, with its
 * problem+json answers and the problem types the status API answers with.
 */
@SpringBootTest(classes = ApiDescriptionTest.WebLayer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "latchkey.security.jwt.hmac-secret=" + WebTestSupport.JWT_SECRET, WebTestSupport.ISSUER,
				WebTestSupport.AUDIENCE, "management.endpoint.health.validate-group-membership=false" })
class ApiDescriptionTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	/** The controllers' mappings (actuator has its own). */
	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	@Test
	@DisplayName("every route and method is described, behind the bearer token, with its problem+json answers")
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
					assertThat(operation.path("responses").has("401")).as(route + " 401").isTrue();
					assertThat(operation.path("security").toString()).as(route + " bearer")
						.isEqualTo("[{\"bearer\":[]}]");
				}
			});
		});
		assertThat(routes).contains("GET /api/integrations", "GET /api/integrations/status",
				"GET /api/integrations/status/{provider}", "GET /api/integrations/status/stream");
		assertThat(api.path("x-problem-types").toString()).contains("\"status\":503", "\"status\":429",
				"\"status\":404");
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

	/** The web layer over a view that has caught up; no Kafka. */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration(exclude = { KafkaAutoConfiguration.class, KafkaMetricsAutoConfiguration.class,
			KafkaSupportAutoConfiguration.class })
	@Import({ StatusController.class, ApiDescriptionConfiguration.class, WebTestSupport.CaughtUpView.class })
	static class WebLayer {

	}

}
