package dev.latchkey.bench.bare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

/**
 * P2's bare endpoint: Spring Boot WebFlux on Netty answering
 * {@code GET /api/integrations/status} with fixed bytes (the status service's answer for
 * a tenant, saved by the script), its ETag and {@code Cache-Control}, and 304 to
 * {@code If-None-Match} with that ETag. No security, no view: what the framework alone
 * costs. {@code bench/run.sh} starts it with the status service's own JVM options.
 */
@SpringBootApplication(proxyBeanMethods = false)
@EnableConfigurationProperties(BareStatusApplication.BareStatusProperties.class)
public class BareStatusApplication {

	public static void main(String[] args) {
		SpringApplication.run(BareStatusApplication.class, args);
	}

	@Bean
	RouterFunction<ServerResponse> status(BareStatusProperties properties) throws IOException {
		byte[] body = Files.readAllBytes(properties.bodyFile());
		String etag = properties.etag();
		CacheControl cacheControl = CacheControl.noCache().cachePrivate();
		return RouterFunctions.route(GET("/api/integrations/status"), (request) -> {
			if (request.headers().header(HttpHeaders.IF_NONE_MATCH).contains(etag)) {
				return ServerResponse.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(cacheControl).build();
			}
			return ServerResponse.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.eTag(etag)
				.cacheControl(cacheControl)
				.bodyValue(body);
		});
	}

	/**
	 * {@code bench.*}: what to answer.
	 *
	 * @param bodyFile the bytes of a 200
	 * @param etag the ETag, quoted, as the status service sent it
	 */
	@ConfigurationProperties("bench")
	record BareStatusProperties(Path bodyFile, String etag) {

	}

}
