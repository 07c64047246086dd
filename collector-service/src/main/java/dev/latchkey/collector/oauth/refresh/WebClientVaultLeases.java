package dev.latchkey.collector.oauth.refresh;

import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import dev.latchkey.collector.oauth.TokenRequestFailedException;
import dev.latchkey.collector.oauth.connect.OAuthService;
import dev.latchkey.crypto.AssociatedData;
import dev.latchkey.crypto.Opener;
import dev.latchkey.crypto.SecretFields;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@code POST /internal/leases} as consumer {@code collector}: the vault seals the
 * current version to the collector's registered public key and audits the lease; only
 * this class opens it.
 */
class WebClientVaultLeases implements VaultLeases {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final WebClient web;

	private final String consumer;

	private final Opener opener;

	private final Duration timeout;

	WebClientVaultLeases(RefreshProperties properties, Opener opener) {
		this.web = WebClient.create(properties.vaultUrl());
		this.consumer = properties.consumerName();
		this.opener = opener;
		this.timeout = properties.vaultTimeout();
	}

	@Override
	public Mono<LeasedTokens> lease(String tenantId, String integrationId) {
		return this.web.post()
			.uri("/internal/leases")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("consumer", this.consumer, "tenantId", tenantId, "integrationId", integrationId))
			.exchangeToMono((response) -> {
				if (response.statusCode().is2xxSuccessful()) {
					return response.bodyToMono(String.class).map((body) -> open(tenantId, integrationId, body));
				}
				if (response.statusCode().is4xxClientError()) {
					// Unknown integration or consumer: nothing this instance can refresh.
					return response.releaseBody().then(Mono.empty());
				}
				return response.releaseBody()
					.then(Mono.error(new TokenRequestFailedException(TokenRequestFailedException.UNAVAILABLE)));
			})
			.timeout(this.timeout)
			.onErrorMap((ex) -> !(ex instanceof TokenRequestFailedException),
					(ex) -> new TokenRequestFailedException(TokenRequestFailedException.UNAVAILABLE));
	}

	private LeasedTokens open(String tenantId, String integrationId, String body) {
		JsonNode json = JSON.readTree(body);
		long version = json.get("version").asLong();
		String leaseId = json.get("leaseId").asString();
		byte[] sealed = Base64.getDecoder().decode(json.get("sealedSecret").asString());
		SecretFields secret = SecretFields.decode(this.opener.open(sealed,
				AssociatedData.forLease(this.consumer, tenantId, integrationId, version, leaseId)));
		Map<String, String> publicFields = new HashMap<>();
		JsonNode fields = json.get("publicFields");
		if (fields != null && fields.isObject()) {
			fields.properties().forEach((entry) -> publicFields.put(entry.getKey(), entry.getValue().asString()));
		}
		return new LeasedTokens(version, secret.value(OAuthService.ACCESS_TOKEN),
				secret.value(OAuthService.REFRESH_TOKEN), publicFields);
	}

}
