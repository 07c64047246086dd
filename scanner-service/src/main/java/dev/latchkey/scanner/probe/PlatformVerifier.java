package dev.latchkey.scanner.probe;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.latchkey.catalogue.Probe;
import dev.latchkey.catalogue.Probe.Verdict;
import dev.latchkey.catalogue.Provider;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Asks a provider's platform whether a credential works, with the catalogue's probe. The
 * fields, and the request rendered from them, hold the plaintext credential: they live
 * only for the duration of one probe and are never logged.
 */
@Component
public class PlatformVerifier {

	private final ProbeTransport transport;

	private final CatalogueProperties catalogue;

	PlatformVerifier(ProbeTransport transport, CatalogueProperties catalogue) {
		this.transport = transport;
		this.catalogue = catalogue;
	}

	/**
	 * Probes the platform of one credential.
	 * @param fields all fields of the credential, public and secret
	 */
	public Mono<Verification> verify(Provider provider, Map<String, String> fields) {
		return Mono.defer(() -> {
			Probe probe = provider.probe();
			Probe.Request request = render(provider, fields);
			long started = System.nanoTime();
			return this.transport.send(request).map((answer) -> {
				long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
				Verdict verdict = (answer instanceof ProbeAnswer.Answered answered)
						? probe.judge(answered.status(), answered.body()) : Verdict.ERROR;
				return Verification.of(answer, verdict, latency);
			});
		});
	}

	private Probe.Request render(Provider provider, Map<String, String> fields) {
		try {
			return provider.probe().render(fields, this.catalogue.baseUrlOf(provider.id()));
		}
		catch (IllegalArgumentException ex) {
			// The message would quote the URL, which may carry the credential: drop it.
			throw new IllegalStateException("The probe of provider '" + provider.id()
					+ "' does not render to a valid URL; check latchkey.catalogue.base-urls." + provider.id());
		}
	}

}
