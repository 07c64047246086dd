package dev.latchkey.scanner.lease;

import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import dev.latchkey.scanner.ScannerProperties;
import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * {@code POST {vault}/internal/leases}: 200 is a lease, 403 and 404 a refusal, anything
 * else (or no answer) an unavailable vault.
 */
@Component
class WebClientVaultClient implements VaultClient {

	private final WebClient client;

	private final String consumer;

	private final Duration timeout;

	@Autowired
	WebClientVaultClient(ScannerProperties properties) {
		this(properties.vaultUrl().toString(), properties.consumerName(), properties.vaultTimeout());
	}

	WebClientVaultClient(String vaultUrl, String consumer, Duration timeout) {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(timeout.toMillis()))
			.responseTimeout(timeout);
		this.client = WebClient.builder()
			.baseUrl(vaultUrl)
			.clientConnector(new ReactorClientHttpConnector(http))
			.build();
		this.consumer = consumer;
		this.timeout = timeout;
	}

	@Override
	public Mono<Lease> lease(String tenantId, String integrationId) {
		return this.client.post()
			.uri("/internal/leases")
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON)
			.bodyValue(new LeaseRequest(this.consumer, tenantId, integrationId))
			.exchangeToMono(this::read)
			.timeout(this.timeout.multipliedBy(2))
			.onErrorMap((ex) -> !(ex instanceof LeaseRefusedException || ex instanceof VaultUnavailableException),
					WebClientVaultClient::unavailable);
	}

	private Mono<Lease> read(ClientResponse response) {
		int status = response.statusCode().value();
		if (status == 200) {
			return response.bodyToMono(LeaseAnswer.class).map(LeaseAnswer::toLease);
		}
		// 409: the stored credential failed its integrity check; the vault has marked it,
		// retrying cannot help.
		Exception failure = (status == 403 || status == 404 || status == 409) ? new LeaseRefusedException(status)
				: new VaultUnavailableException("The vault answered " + status + " to a lease request");
		return response.releaseBody().then(Mono.error(failure));
	}

	private static VaultUnavailableException unavailable(Throwable ex) {
		String message = "The vault did not answer a lease request (" + ex.getClass().getSimpleName() + ")";
		// Connection failures are worth their stack trace; a decoding failure's message
		// may quote the answer, so it is left out.
		return (ex instanceof WebClientRequestException) ? new VaultUnavailableException(message, ex)
				: new VaultUnavailableException(message);
	}

	record LeaseRequest(String consumer, String tenantId, String integrationId) {
	}

	record LeaseAnswer(String leaseId, String tenantId, String integrationId, String provider, String name,
			Long version, Map<String, String> publicFields, String sealedSecret) {

		Lease toLease() {
			if (this.leaseId == null || this.tenantId == null || this.integrationId == null || this.provider == null
					|| this.version == null || this.sealedSecret == null) {
				throw new VaultUnavailableException("The vault's lease answer lacks required fields");
			}
			return new Lease(this.leaseId, this.tenantId, this.integrationId, this.provider, this.name, this.version,
					(this.publicFields != null) ? this.publicFields : Map.of(),
					Base64.getDecoder().decode(this.sealedSecret));
		}

		@Override
		public String toString() {
			return "LeaseAnswer[" + this.leaseId + "]";
		}

	}

}
