package dev.latchkey.scanner.probe;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.latchkey.catalogue.Probe;
import dev.latchkey.catalogue.Probe.Verdict;
import dev.latchkey.catalogue.Provider;
import dev.latchkey.catalogue.Scan;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Asks a provider's platform whether a credential works, with the catalogue's probe,
 * within the platform's fleet-wide limits, and runs the catalogue's checks over a valid
 * answer. The fields, and the request rendered from them, hold the plaintext credential:
 * they live only for the duration of one probe and are never logged.
 */
@Component
public class PlatformVerifier {

	/**
	 * A probe held up past its send-by time takes a new permit at most this often before
	 * the scan is put back as if the platform were busy.
	 */
	static final int LATE_ATTEMPTS = 5;

	private final ProbeTransport transport;

	private final CatalogueProperties catalogue;

	private final PlatformLimits limits;

	private final Clock clock;

	private final java.util.concurrent.atomic.AtomicLong late = new java.util.concurrent.atomic.AtomicLong();

	PlatformVerifier(ProbeTransport transport, CatalogueProperties catalogue, PlatformLimits limits, Clock clock) {
		this.transport = transport;
		this.catalogue = catalogue;
		this.limits = limits;
		this.clock = clock;
	}

	/**
	 * Probes the platform of one credential.
	 * @param fields all fields of the credential, public and secret
	 * @return the verification, or {@link PlatformBusyException} when the platform's
	 * limits leave no room soon enough
	 */
	public Mono<Verification> verify(Provider provider, Map<String, String> fields) {
		return Mono.defer(() -> {
			Probe probe = provider.probe();
			Probe.Request request = render(provider, fields);
			if (!goesToItsPlatform(provider, request.uri())) {
				return Mono.just(Verification.error(Verification.EGRESS_REFUSED));
			}
			// The guard first: once a permit's slot has come, nothing but the request
			// itself stands between it and the platform.
			return this.transport.refusal(request, provider.scan().local())
				.map((refused) -> Verification.of(refused, Verdict.ERROR, 0, this.clock.instant(), List.of()))
				.switchIfEmpty(Mono.defer(() -> sendWithin(provider, fields, probe, request, 1)));
		});
	}

	/** Sends within the limits; a probe that was late for its slot tries a new one. */
	private Mono<Verification> sendWithin(Provider provider, Map<String, String> fields, Probe probe,
			Probe.Request request, int attempt) {
		return Mono
			.usingWhen(this.limits.acquire(provider.id(), limitOf(provider)),
					(permit) -> send(provider, fields, probe, request, permit.sendBy()),
					(permit) -> Mono.fromRunnable(permit::release))
			.switchIfEmpty(Mono
				.defer(() -> (attempt < LATE_ATTEMPTS) ? sendWithin(provider, fields, probe, request, attempt + 1)
						: Mono.error(new PlatformBusyException(provider.id(), this.clock.instant().plusSeconds(1)))));
	}

	/**
	 * @return the verification; empty when the probe was not sent, being late
	 */
	private Mono<Verification> send(Provider provider, Map<String, String> fields, Probe probe, Probe.Request request,
			java.time.Instant sendBy) {
		long started = System.nanoTime();
		return this.transport.sendChecked(request, provider.scan().local(), sendBy).flatMap((answer) -> {
			if (answer instanceof ProbeAnswer.Late) {
				this.late.incrementAndGet();
				return Mono.empty();
			}
			long latency = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
			Verdict verdict = Verdict.ERROR;
			List<Finding> findings = List.of();
			if (answer instanceof ProbeAnswer.Answered answered) {
				verdict = probe.judge(answered.status(), answered.body());
				if (verdict == Verdict.VALID) {
					findings = CatalogueChecks.run(provider, fields, answered);
				}
			}
			Verification verification = Verification.of(answer, verdict, latency, this.clock.instant(), findings);
			if (verification.retryAfter() != null) {
				return this.limits.pause(provider.id(), verification.retryAfter()).thenReturn(verification);
			}
			return Mono.just(verification);
		});
	}

	/** Probes not sent because they were late for their slot, since the start. */
	long lateProbes() {
		return this.late.get();
	}

	Scan.RateLimit limitOf(Provider provider) {
		Scan.RateLimit override = this.catalogue.rateLimitOf(provider.id());
		return (override != null) ? override : provider.scan().rateLimit();
	}

	/**
	 * The rendered probe must go to the host of the provider's base URL (the catalogue's
	 * or its configured override), over HTTP(S): templates fill in the path and query
	 * only, so this holds unless a template or override is wrong.
	 */
	private boolean goesToItsPlatform(Provider provider, URI uri) {
		String override = this.catalogue.baseUrlOf(provider.id());
		URI base = URI.create((override != null) ? override : provider.probe().baseUrl());
		String scheme = uri.getScheme();
		return ("https".equals(scheme) || "http".equals(scheme)) && uri.getHost() != null
				&& uri.getHost().equalsIgnoreCase(base.getHost()) && uri.getPort() == base.getPort()
				&& uri.getRawUserInfo() == null;
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
