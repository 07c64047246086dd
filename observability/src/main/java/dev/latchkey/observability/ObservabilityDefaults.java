package dev.latchkey.observability;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * What every service shares about metrics, traces and logs, as the lowest-precedence
 * property source: a service's application.yml or the environment overrides any key
 * (Boot's own names, e.g. {@code MANAGEMENT_TRACING_EXPORT_OTLP_ENABLED=true}).
 * <ul>
 * <li>{@code /actuator/prometheus} exposed beside health and info; every meter tagged
 * with the service's name.</li>
 * <li>Spans are made (trace and span ids in log lines, {@code traceparent} on outgoing
 * requests and records) but exported nowhere until export is turned on and an OTLP
 * endpoint given ({@code management.tracing.export.otlp.enabled}); nothing leaves the
 * process by default, tests included.</li>
 * </ul>
 */
public class ObservabilityDefaults implements EnvironmentPostProcessor {

	static final String SOURCE = "latchkeyObservabilityDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus");
		defaults.put("management.metrics.tags.application", "${spring.application.name:latchkey}");
		// Spring Security's filter chain, authentication and authorisation observed per
		// request cost about a fifth of a status poll's CPU and tell nothing the HTTP
		// server timer (by route and status) does not.
		defaults.put("management.observations.enable.spring.security", "false");
		// Reactive work sees the observation (trace ids in its log lines, traceparent on
		// what it sends) whatever thread it runs on.
		defaults.put("spring.reactor.context-propagation", "auto");
		// Not management.tracing.export.enabled: in Boot 4 that switches off propagation
		// (traceparent on requests and records) too. Only the OTLP exporter is off.
		defaults.put("management.tracing.export.otlp.enabled", "false");
		defaults.put("management.logging.export.otlp.enabled", "false");
		environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
	}

}
