package dev.latchkey.observability;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration;
import org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpStatus;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class ObservabilityTest {

	@Test
	@DisplayName("Prometheus is exposed, tracing exports nothing, and a service's own settings win")
	void defaults() {
		MockEnvironment environment = new MockEnvironment().withProperty("management.tracing.sampling.probability",
				"1.0");
		new ObservabilityDefaults().postProcessEnvironment(environment, new SpringApplication());

		assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
			.isEqualTo("health,info,prometheus");
		assertThat(environment.getProperty("management.tracing.export.otlp.enabled")).isEqualTo("false");
		assertThat(environment.getProperty("spring.reactor.context-propagation")).isEqualTo("auto");
		assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("1.0");
	}

	@Test
	@DisplayName("with the defaults, traces are propagated (W3C traceparent) but no span exporter exists")
	void propagatesButExportsNothing() {
		new ApplicationContextRunner()
			.withInitializer((context) -> new ObservabilityDefaults().postProcessEnvironment(context.getEnvironment(),
					new SpringApplication()))
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
					OpenTelemetrySdkAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
					OtlpTracingAutoConfiguration.class, MicrometerTracingAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasSingleBean(Tracer.class).hasSingleBean(Propagator.class);
				assertThat(context.getBean(Propagator.class).fields()).contains("traceparent");
				assertThat(context).doesNotHaveBean(SpanExporter.class);
			});
	}

	@Test
	@DisplayName("the scrape on the service's port answers local callers only")
	void scrapeFromLoopbackOnly() {
		assertThat(status("/actuator/prometheus", "127.0.0.1")).isNull();
		assertThat(status("/actuator/prometheus", "10.1.2.3")).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(status("/actuator/prometheus/", "192.168.0.7")).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(status("/actuator/health", "10.1.2.3")).isNull();
		assertThat(status("/api/providers", "10.1.2.3")).isNull();
	}

	/**
	 * The status the filter answered with, or {@code null} when it let the request on.
	 */
	private static HttpStatus status(String path, String remote) {
		MockServerWebExchange exchange = MockServerWebExchange
			.from(MockServerHttpRequest.get(path).remoteAddress(new InetSocketAddress(remote, 40000)));
		AtomicBoolean passed = new AtomicBoolean();
		new PrometheusOnLoopback().filter(exchange, (forwarded) -> Mono.fromRunnable(() -> passed.set(true))).block();
		return passed.get() ? null : HttpStatus.resolve(exchange.getResponse().getStatusCode().value());
	}

}
