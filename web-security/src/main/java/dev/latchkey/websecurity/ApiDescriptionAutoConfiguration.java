package dev.latchkey.websecurity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * What every public API description (springdoc, {@code /v3/api-docs}) says the same way:
 * the bearer JWT on every operation but the public paths, and errors as
 * {@code application/problem+json} with the problem types the service declared
 * ({@link DocumentedProblems}) and those of the security chain (401, 403 and the
 * firewall's 400).
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
@EnableConfigurationProperties(JwtProperties.class)
public class ApiDescriptionAutoConfiguration {

	static final String PROBLEM_JSON = "application/problem+json";

	static final String PROBLEM_SCHEMA = "Problem";

	static final String BEARER = "bearer";

	/** What web-security itself answers, whatever the service. */
	static final List<ProblemType> SECURITY_PROBLEMS = List.of(ProblemType.blank(400, "Bad Request"),
			ProblemType.blank(401, "Unauthorized"), ProblemType.blank(403, "Forbidden"));

	@Bean
	OpenApiCustomizer problemsAndBearerTokens(ObjectProvider<DocumentedProblems> declared, JwtProperties jwt,
			Environment environment) {
		// The tenant comes from the token, never from the request: not a parameter.
		SpringDocUtils.getConfig().addRequestWrapperToIgnore(TenantId.class);
		List<ProblemType> problems = new ArrayList<>(SECURITY_PROBLEMS);
		declared.orderedStream().forEach((service) -> problems.addAll(service.problemTypes()));
		List<PathPattern> open = jwt.publicPaths().stream().map(PathPatternParser.defaultInstance::parse).toList();
		String name = environment.getProperty("spring.application.name", "latchkey");
		return (api) -> describe(api, name, problems, open);
	}

	static void describe(OpenAPI api, String name, List<ProblemType> problems, List<PathPattern> open) {
		if (api.getInfo() != null) {
			api.getInfo().title(name).version("v1");
		}
		Components components = (api.getComponents() != null) ? api.getComponents() : new Components();
		api.components(components);
		components.addSecuritySchemes(BEARER,
				new SecurityScheme().type(SecurityScheme.Type.HTTP)
					.scheme("bearer")
					.bearerFormat("JWT")
					.description("A JWT naming the tenant in its tenant claim; issuer and audience are checked."));
		components.addSchemas(PROBLEM_SCHEMA, problemSchema(problems));
		api.addExtension("x-problem-types", problems.stream().map(ApiDescriptionAutoConfiguration::entry).toList());
		if (api.getPaths() == null) {
			return;
		}
		api.getPaths().forEach((path, item) -> {
			boolean isPublic = open.stream().anyMatch((pattern) -> pattern.matches(PathContainer.parsePath(path)));
			item.readOperations().forEach((operation) -> describe(operation, isPublic, problems));
		});
	}

	private static void describe(Operation operation, boolean isPublic, List<ProblemType> problems) {
		ApiResponses responses = (operation.getResponses() != null) ? operation.getResponses() : new ApiResponses();
		operation.responses(responses);
		if (!isPublic) {
			operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
			responses.putIfAbsent("401", problem("No valid bearer token", problems, 401, 401));
			responses.putIfAbsent("403", problem("The token may not access this resource", problems, 403, 403));
		}
		responses.putIfAbsent("4XX", problem("The request was refused", problems, 400, 499));
		responses.putIfAbsent("5XX", problem("The service could not answer", problems, 500, 599));
	}

	private static ApiResponse problem(String description, List<ProblemType> problems, int from, int to) {
		StringBuilder text = new StringBuilder(description).append(" (problem+json). Problem types:");
		problems.stream()
			.filter((problem) -> problem.status() >= from && problem.status() <= to)
			.forEach((problem) -> text.append("\n- ")
				.append(problem.status())
				.append(' ')
				.append(problem.type())
				.append(" — ")
				.append(problem.title()));
		return new ApiResponse().description(text.toString())
			.content(new Content().addMediaType(PROBLEM_JSON,
					new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA))));
	}

	private static Schema<?> problemSchema(List<ProblemType> problems) {
		StringSchema type = new StringSchema();
		type.format("uri").description("What went wrong: one of the problem types (x-problem-types)");
		problems.stream().map((problem) -> problem.type().toString()).distinct().forEach(type::addEnumItem);
		return new ObjectSchema().description("An RFC 9457 problem; never quotes a submitted value")
			.addProperty("type", type)
			.addProperty("title", new StringSchema())
			.addProperty("status", new IntegerSchema())
			.addProperty("detail", new StringSchema())
			.addProperty("instance", new StringSchema().format("uri-reference"));
	}

	private static Map<String, Object> entry(ProblemType problem) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("type", problem.type().toString());
		entry.put("status", problem.status());
		entry.put("title", problem.title());
		return entry;
	}

}
