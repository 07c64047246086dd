package dev.latchkey.status.integration;

import java.util.List;

import dev.latchkey.websecurity.DocumentedProblems;
import dev.latchkey.websecurity.ProblemType;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The status API's problems, for its description at {@code /v3/api-docs}: Spring's own
 * ({@code about:blank}, the status says what went wrong).
 */
@Configuration(proxyBeanMethods = false)
class ApiDescriptionConfiguration {

	@Bean
	DocumentedProblems statusProblems() {
		return () -> List.of(ProblemType.blank(404, "Not Found"), ProblemType.blank(405, "Method Not Allowed"),
				ProblemType.blank(406, "Not Acceptable"), ProblemType.blank(429, "Too Many Requests"),
				ProblemType.blank(500, "Internal Server Error"), ProblemType.blank(503, "Service Unavailable"));
	}

}
