package dev.latchkey.collector.oauth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.latchkey.catalogue.OAuth2;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * RFC 6749 token requests with {@link WebClient}. The platform's answer is read here and
 * dropped: a failure becomes a reason code, so no body (which may echo a code or token)
 * reaches a log or a message.
 */
@Component
class WebClientTokenEndpoint implements TokenEndpoint {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final WebClient web;

	private final Duration timeout;

	WebClientTokenEndpoint(OAuthProperties properties) {
		this.web = WebClient.create();
		this.timeout = properties.exchangeTimeout();
	}

	@Override
	public Mono<Tokens> exchangeCode(OAuth2 flow, ClientRegistration client, String code, String codeVerifier,
			String redirectUri) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "authorization_code");
		form.add("code", code);
		form.add("redirect_uri", redirectUri);
		if (codeVerifier != null) {
			form.add("code_verifier", codeVerifier);
		}
		return post(flow, client, form, null);
	}

	@Override
	public Mono<Tokens> refresh(OAuth2 flow, ClientRegistration client, String refreshToken) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("grant_type", "refresh_token");
		form.add("refresh_token", refreshToken);
		return post(flow, client, form, refreshToken);
	}

	/**
	 * RFC 7009: asks the platform to revoke the token (a refresh token revokes the
	 * grant). The answer is a revocation outcome, never the platform's body:
	 * {@code REVOKED} on {@code 200}, else {@code FAILED}; {@code NOT_APPLICABLE} without
	 * a revocation URL.
	 */
	@Override
	public Mono<String> revoke(OAuth2 flow, ClientRegistration client, String token, String tokenTypeHint) {
		if (client.revokeUrl() == null) {
			return Mono.just(NOT_REVOKED);
		}
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("token", token);
		form.add("token_type_hint", tokenTypeHint);
		return request(flow, client, client.revokeUrl(), form)
			.exchangeToMono((response) -> response.releaseBody()
				.thenReturn(response.statusCode().value() == 200 ? REVOKED : FAILED))
			.timeout(this.timeout)
			.onErrorReturn(FAILED);
	}

	private WebClient.RequestHeadersSpec<?> request(OAuth2 flow, ClientRegistration client, String url,
			MultiValueMap<String, String> form) {
		if (flow.clientAuth() == OAuth2.ClientAuth.CLIENT_SECRET_POST) {
			form.add("client_id", client.clientId());
			form.add("client_secret", client.clientSecret());
		}
		else {
			form.add("client_id", client.clientId());
		}
		return this.web.post().uri(url).accept(MediaType.APPLICATION_JSON).headers((headers) -> {
			if (flow.clientAuth() == OAuth2.ClientAuth.CLIENT_SECRET_BASIC) {
				headers.setBasicAuth(client.clientId(), client.clientSecret(), StandardCharsets.UTF_8);
			}
		}).contentType(MediaType.APPLICATION_FORM_URLENCODED).body(BodyInserters.fromFormData(form));
	}

	Mono<Tokens> post(OAuth2 flow, ClientRegistration client, MultiValueMap<String, String> form,
			String previousRefreshToken) {
		return request(flow, client, client.tokenUrl(), form)
			.exchangeToMono((response) -> response.bodyToMono(String.class)
				.defaultIfEmpty("")
				.map((body) -> read(flow, response.statusCode(), body, previousRefreshToken)))
			.timeout(this.timeout)
			.onErrorMap((ex) -> !(ex instanceof TokenRequestFailedException),
					(ex) -> new TokenRequestFailedException(TokenRequestFailedException.UNAVAILABLE));
	}

	static Tokens read(OAuth2 flow, HttpStatusCode status, String body, String previousRefreshToken) {
		if (status.is5xxServerError() || status.value() == 429) {
			throw new TokenRequestFailedException(TokenRequestFailedException.UNAVAILABLE);
		}
		JsonNode json;
		try {
			json = JSON.readTree(body);
		}
		catch (RuntimeException ex) {
			throw new TokenRequestFailedException(TokenRequestFailedException.MALFORMED);
		}
		String error = text(json, "/error");
		String accessToken = text(json, flow.tokenResponse().accessToken());
		if (!status.is2xxSuccessful() || error != null || accessToken == null) {
			if ("invalid_grant".equals(error) || "invalid_refresh_token".equals(error)
					|| "token_revoked".equals(error)) {
				throw new TokenRequestFailedException(TokenRequestFailedException.INVALID_GRANT);
			}
			throw new TokenRequestFailedException((error != null || !status.is2xxSuccessful())
					? TokenRequestFailedException.REJECTED : TokenRequestFailedException.MALFORMED);
		}
		String refreshToken = text(json, flow.tokenResponse().refreshToken());
		String expiresIn = text(json, flow.tokenResponse().expiresIn());
		String scope = text(json, flow.tokenResponse().scope());
		Map<String, String> publicFields = new HashMap<>();
		flow.tokenResponse().publicFields().forEach((field, pointer) -> {
			String value = text(json, pointer);
			if (value != null) {
				publicFields.put(field, value);
			}
		});
		return new Tokens(accessToken, (refreshToken != null) ? refreshToken : previousRefreshToken,
				(expiresIn != null) ? parseLong(expiresIn) : null,
				(scope != null) ? Arrays.stream(scope.split("[ ,]+")).filter((s) -> !s.isBlank()).toList() : List.of(),
				publicFields);
	}

	private static String text(JsonNode json, String pointer) {
		JsonNode node = json.at(pointer);
		return (node.isMissingNode() || node.isNull()) ? null : node.asString();
	}

	private static Long parseLong(String value) {
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

}
