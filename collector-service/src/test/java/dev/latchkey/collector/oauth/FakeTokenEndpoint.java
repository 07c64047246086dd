package dev.latchkey.collector.oauth;

import java.util.ArrayList;
import java.util.List;

import dev.latchkey.catalogue.OAuth2;
import reactor.core.publisher.Mono;

/** Answers as told and remembers what it was asked. */
public class FakeTokenEndpoint implements TokenEndpoint {

	public final List<String> verifiers = new ArrayList<>();

	private Mono<Tokens> answer = Mono.empty();

	@Override
	public Mono<Tokens> exchangeCode(OAuth2 flow, ClientRegistration client, String code, String codeVerifier,
			String redirectUri) {
		return Mono.defer(() -> {
			this.verifiers.add(codeVerifier);
			return this.answer;
		});
	}

	public final List<String> refreshTokens = new ArrayList<>();

	@Override
	public Mono<Tokens> refresh(OAuth2 flow, ClientRegistration client, String refreshToken) {
		return Mono.defer(() -> {
			this.refreshTokens.add(refreshToken);
			return this.answer;
		});
	}

	final List<String> revoked = new ArrayList<>();

	@Override
	public Mono<String> revoke(OAuth2 flow, ClientRegistration client, String token, String tokenTypeHint) {
		return Mono.fromSupplier(() -> {
			this.revoked.add(token);
			return REVOKED;
		});
	}

	public void grants(Tokens tokens) {
		this.answer = Mono.just(tokens);
	}

	public void fails(String reason) {
		this.answer = Mono.error(new TokenRequestFailedException(reason));
	}

}
