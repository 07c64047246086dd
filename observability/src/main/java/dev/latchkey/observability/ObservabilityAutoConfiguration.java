package dev.latchkey.observability;

import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.server.WebFilter;

/**
 * Keeps the Prometheus scrape off the public port: with a separate management port Boot
 * serves it there only; without one, {@link PrometheusOnLoopback} answers local callers
 * only, before any security chain (the scrape needs no token, and a tenant's token must
 * not open it).
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
public class ObservabilityAutoConfiguration {

	@Bean
	@ConditionalOnManagementPort(ManagementPortType.SAME)
	@Order(Ordered.HIGHEST_PRECEDENCE)
	WebFilter prometheusOnLoopback() {
		return new PrometheusOnLoopback();
	}

}
