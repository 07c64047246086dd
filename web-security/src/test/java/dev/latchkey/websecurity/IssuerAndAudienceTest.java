package dev.latchkey.websecurity;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Issuer and audience are required unless the development profile is active. */
class IssuerAndAudienceTest {

	private static final String SECRET = "--latchkey.security.jwt.hmac-secret=" + TenantSecurityTest.SECRET;

	@Test
	void withoutIssuerAndAudience_theServiceRefusesToStart() {
		assertThat(failureOf(SECRET)).contains("latchkey.security.jwt.issuer")
			.contains("LATCHKEY_SECURITY_JWT_AUDIENCE");
		assertThat(failureOf(SECRET, "--latchkey.security.jwt.issuer=" + DevTokens.ISSUER))
			.contains("latchkey.security.jwt.audience");
	}

	@Test
	void inTheDevelopmentProfile_theyMayBeLeftOut() {
		try (ConfigurableApplicationContext context = start(SECRET,
				"--spring.profiles.active=" + JwtProperties.DEVELOPMENT_PROFILE)) {
			assertThat(context.isRunning()).isTrue();
		}
	}

	private static ConfigurableApplicationContext start(String... args) {
		List<String> all = new ArrayList<>(List.of(args));
		all.add("--server.port=0");
		all.add("--spring.main.banner-mode=off");
		return new SpringApplicationBuilder(TenantSecurityTest.TestApp.class).run(all.toArray(String[]::new));
	}

	private static String failureOf(String... args) {
		Throwable failure = catchThrowable(() -> start(args).close());
		assertThat(failure).as("the service should refuse to start").isNotNull();
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.append(cause.getMessage()).append('\n');
		}
		return messages.toString();
	}

}
