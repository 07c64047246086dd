package dev.latchkey.status.integration;

import java.time.Duration;
import java.util.Map;

import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.websecurity.DevTokens;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Beans and tokens the web tests share: a real view, the built-in catalogue. */
final class WebTestSupport {

	static final String JWT_SECRET = "status-web-test-secret-0123456789abcdef";

	/** The issuer and audience of {@link DevTokens}, as test properties. */
	static final String ISSUER = "latchkey.security.jwt.issuer=" + DevTokens.ISSUER;

	static final String AUDIENCE = "latchkey.security.jwt.audience=" + DevTokens.AUDIENCE;

	private WebTestSupport() {
	}

	static String tokenFor(String tenantId) {
		return new DevTokens(JWT_SECRET).mint(tenantId, Duration.ofMinutes(5));
	}

	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties(StatusProperties.class)
	static class CaughtUpView {

		@Bean
		StatusView statusView() {
			return new StatusView();
		}

		@Bean
		CatchUp catchUp() {
			return new CatchUp(Map.of(0, 0L));
		}

		@Bean
		StatusStream statusStream(StatusView view, StatusProperties properties) {
			StatusProperties.Stream stream = properties.stream();
			return new StatusStream(view, stream.buffer(), stream.maxSubscribersPerTenant(), stream.history());
		}

		@Bean
		ProviderCatalogue providerCatalogue() {
			return ProviderCatalogue.builtIn();
		}

	}

	@TestConfiguration(proxyBeanMethods = false)
	@EnableConfigurationProperties(StatusProperties.class)
	static class CatchingUpView {

		@Bean
		StatusView statusView() {
			StatusView view = new StatusView();
			view.apply(Fixtures.anActiveDemo());
			return view;
		}

		@Bean
		CatchUp catchUp() {
			return new CatchUp(Map.of(0, 10L));
		}

		@Bean
		StatusStream statusStream(StatusView view) {
			return new StatusStream(view, 1, 1, 0);
		}

		@Bean
		ProviderCatalogue providerCatalogue() {
			return ProviderCatalogue.builtIn();
		}

	}

}
