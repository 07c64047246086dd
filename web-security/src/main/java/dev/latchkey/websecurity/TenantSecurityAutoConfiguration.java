package dev.latchkey.websecurity;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelPipeline;
import reactor.netty.NettyPipeline;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.header.HttpHeaderWriterWebFilter;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.server.WebFilter;
import org.springframework.web.reactive.result.method.annotation.ArgumentResolverConfigurer;

/**
 * Every endpoint but health, info and the configured public paths needs a bearer JWT; the
 * tenant comes from a claim of that token, never from the URL or body. 401 and 403 answer
 * problem+json.
 */
@AutoConfiguration
@EnableWebFluxSecurity
@EnableConfigurationProperties({ JwtProperties.class, CorsProperties.class })
public class TenantSecurityAutoConfiguration {

	/** Where CORS applies when origins are allowed. */
	private static final String API = "/api/**";

	/**
	 * Verifies signature, {@code exp} (required) and {@code nbf} with the configured
	 * skew, then {@link TokenRules}: lifetime, issuer, audience and tenant claim; each
	 * token once, then from a bounded cache. Outside the development profile issuer and
	 * audience must be configured.
	 */
	@Bean
	ReactiveJwtDecoder jwtDecoder(JwtProperties properties, Environment environment) {
		if (!environment.matchesProfiles(JwtProperties.DEVELOPMENT_PROFILE)) {
			properties.requireIssuerAndAudience();
		}
		NimbusReactiveJwtDecoder decoder = (properties.hmacSecret() != null && !properties.hmacSecret().isBlank())
				? NimbusReactiveJwtDecoder
					.withSecretKey(
							new SecretKeySpec(properties.hmacSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
					.macAlgorithm(MacAlgorithm.HS256)
					.build()
				: NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwksUri()).build();
		Clock clock = Clock.systemUTC();
		JwtTimestampValidator timestamps = new JwtTimestampValidator(properties.clockSkew());
		timestamps.setClock(clock);
		// A token without exp would never expire.
		timestamps.setAllowEmptyExpiryClaim(false);
		TokenRules rules = new TokenRules(properties.tenantClaim(), properties.issuer(), properties.audience(),
				properties.maxLifetime(), properties.clockSkew(), clock);
		// Spring's defaults (token type, certificate thumbprint) plus these.
		decoder.setJwtValidator(JwtValidators.createDefaultWithValidators(List.of(timestamps, rules)));
		JwtProperties.Cache cache = properties.cache();
		return cache.enabled() ? new CachingJwtDecoder(decoder, timestamps, clock, cache.maxTtl(), cache.maxSize())
				: decoder;
	}

	@Bean
	SecurityWebFilterChain tenantSecurity(ServerHttpSecurity http, JwtProperties properties, CorsProperties cors) {
		// The Prometheus scrape is not a tenant's: the observability module lets local
		// callers (or the management port) reach it, and no token opens it from
		// elsewhere.
		// The API description (springdoc) holds nothing of a tenant's.
		List<String> open = new ArrayList<>(List.of("/actuator/health", "/actuator/health/**", "/actuator/info",
				"/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**"));
		open.addAll(properties.publicPaths());
		http.cors(ServerHttpSecurity.CorsSpec::disable);
		if (!cors.allowedOrigins().isEmpty()) {
			http.addFilterAt(new ProblemCorsFilter(corsSource(cors)), SecurityWebFiltersOrder.CORS);
		}
		// The same headers as FastAnswers carry, from one definition.
		http.headers(ServerHttpSecurity.HeaderSpec::disable)
			.addFilterAt(new HttpHeaderWriterWebFilter(SecurityHeaders.WRITER),
					SecurityWebFiltersOrder.HTTP_HEADERS_WRITER);
		return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.authorizeExchange((exchanges) -> exchanges.pathMatchers(open.toArray(String[]::new))
				.permitAll()
				.anyExchange()
				.authenticated())
			.oauth2ResourceServer((server) -> server.jwt((jwt) -> {
			})
				.authenticationEntryPoint((exchange, ex) -> ProblemResponses.write(exchange, HttpStatus.UNAUTHORIZED,
						TokenRefusals.describe(ex)))
				.accessDeniedHandler((exchange, ex) -> ProblemResponses.write(exchange, HttpStatus.FORBIDDEN,
						"This token may not access this resource")))
			.exceptionHandling((handling) -> handling
				.authenticationEntryPoint((exchange, ex) -> ProblemResponses.write(exchange, HttpStatus.UNAUTHORIZED,
						TokenRefusals.describe(ex)))
				.accessDeniedHandler((exchange, ex) -> ProblemResponses.write(exchange, HttpStatus.FORBIDDEN,
						"This token may not access this resource")))
			.build();
	}

	@Bean
	WebFluxConfigurer tenantIdParameters(JwtProperties properties) {
		return new WebFluxConfigurer() {
			@Override
			public void configureArgumentResolvers(ArgumentResolverConfigurer configurer) {
				configurer.addCustomResolver(new TenantIdArgumentResolver(properties.tenantClaim()));
			}
		};
	}

	/**
	 * Firewall rejections (encoded slashes and dots, NUL, {@code ;}, {@code //},
	 * TRACE...) as problem+json; {@code WebFluxSecurityConfiguration} picks this bean up.
	 */
	@Bean
	ServerExchangeRejectedHandler problemForFirewallRejections() {
		return new FirewallRejections();
	}

	/**
	 * A firewall rejection raised while a controller reads a header is answered there,
	 * before a service's catch-all advice could make it a 500.
	 */
	@Bean
	FirewallRejectionAdvice firewallRejectionAdvice() {
		return new FirewallRejectionAdvice();
	}

	/**
	 * The services' {@link FastTenantRoute}s, answered behind the HTTP codec for a
	 * verified token (none when a service declares none). Only on plain HTTP/1.1
	 * connections: with TLS in this server (HSTS, which the chain adds there), HTTP/2 or
	 * compression every request takes the chain.
	 * {@code latchkey.security.fast-routes.enabled=false} sends every request through the
	 * chain.
	 */
	@Bean
	@ConditionalOnProperty(name = "latchkey.security.fast-routes.enabled", matchIfMissing = true)
	NettyServerCustomizer fastTenantRoutes(ObjectProvider<FastTenantRoute> routes, ReactiveJwtDecoder jwtDecoder,
			JwtProperties properties, CorsProperties cors, ObjectProvider<MeterRegistry> meterRegistry,
			Environment environment) {
		List<PathPattern> corsPaths = cors.allowedOrigins().isEmpty() ? List.of()
				: corsPaths(cors).stream().map(PathPatternParser.defaultInstance::parse).toList();
		FastTenantRoutes fast = new FastTenantRoutes(routes.orderedStream().toList(), jwtDecoder,
				properties.tenantClaim(),
				(path) -> corsPaths.stream().anyMatch((pattern) -> pattern.matches(PathContainer.parsePath(path))),
				observed(environment, "http.server.requests") ? meterRegistry::getIfAvailable : () -> null);
		boolean plain = !fast.isEmpty() && !environment.getProperty("server.compression.enabled", Boolean.class, false)
				&& !environment.getProperty("server.http2.enabled", Boolean.class, false);
		return (server) -> !plain ? server : server.doOnChannelInit((observer, channel, remoteAddress) -> {
			ChannelPipeline pipeline = channel.pipeline();
			if (pipeline.get(NettyPipeline.HttpCodec) != null && pipeline.get(NettyPipeline.SslHandler) == null
					&& pipeline.get(NettyPipeline.H2CUpgradeHandler) == null
					&& pipeline.get(FastTenantRouteHandler.NAME) == null) {
				pipeline.addAfter(NettyPipeline.HttpCodec, FastTenantRouteHandler.NAME,
						new FastTenantRouteHandler(fast));
			}
		});
	}

	/** Before anything negotiates an answer: a malformed Accept is a 400 problem. */
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	WebFilter malformedAcceptFilter() {
		return new MalformedAcceptFilter();
	}

	/** Spring's refusals as problem+json, whatever the Accept header asked for. */
	@Bean
	ProblemContentType problemContentType() {
		return new ProblemContentType();
	}

	/** Errors no advice answered, as problem+json instead of Boot's error attributes. */
	@Bean
	@Order(-2)
	ErrorWebExceptionHandler fallbackProblems() {
		return new FallbackProblems();
	}

	/** Duplicate keys, coerced scalars and trailing tokens refused in request bodies. */
	@Bean
	JsonMapperBuilderCustomizer strictJson() {
		return new StrictJson();
	}

	/**
	 * 4xx the server answers itself (414, 431, 400 on undecodable requests) get a body.
	 */
	@Bean
	NettyServerCustomizer problemBodiesForServerRefusals() {
		return (server) -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null
					&& channel.pipeline().get(EmptyErrorBodies.NAME) == null) {
				channel.pipeline().addAfter(NettyPipeline.HttpCodec, EmptyErrorBodies.NAME, new EmptyErrorBodies());
			}
		});
	}

	/**
	 * Browsers on the allowed origins may send the bearer token and conditional and
	 * resumption headers, and read the ETag; cookies only on the credentialed paths.
	 */
	private static CorsConfigurationSource corsSource(CorsProperties properties) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		for (String path : properties.credentialedPaths()) {
			CorsConfiguration credentialed = corsConfiguration(properties);
			credentialed.setAllowCredentials(true);
			source.registerCorsConfiguration(path, credentialed);
		}
		source.registerCorsConfiguration(API, corsConfiguration(properties));
		return source;
	}

	/**
	 * Whether Boot observes {@code name}: {@code management.observations.enable.<prefix>}
	 * of it or of any shorter prefix turns it off; fast answers are counted only when the
	 * chain's are.
	 */
	private static boolean observed(Environment environment, String name) {
		for (String prefix = name; !prefix.isEmpty(); prefix = prefix.contains(".")
				? prefix.substring(0, prefix.lastIndexOf('.')) : "") {
			Boolean enabled = environment.getProperty("management.observations.enable." + prefix, Boolean.class);
			if (enabled != null) {
				return enabled;
			}
		}
		return true;
	}

	/** The path patterns {@link #corsSource} configures. */
	private static List<String> corsPaths(CorsProperties properties) {
		List<String> paths = new ArrayList<>(properties.credentialedPaths());
		paths.add(API);
		return paths;
	}

	private static CorsConfiguration corsConfiguration(CorsProperties properties) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOrigins(properties.allowedOrigins());
		cors.setAllowedMethods(List.of("GET", "POST", "DELETE"));
		cors.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.IF_NONE_MATCH,
				"Last-Event-ID", "Idempotency-Key"));
		cors.setExposedHeaders(List.of(HttpHeaders.ETAG, HttpHeaders.RETRY_AFTER, HttpHeaders.LOCATION,
				"Idempotency-Key", "Idempotent-Replayed"));
		cors.setAllowCredentials(false);
		cors.setMaxAge(properties.maxAge());
		return cors;
	}

}
