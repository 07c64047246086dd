package dev.latchkey.vaultclient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.latchkey.crypto.RequestSigner;
import dev.latchkey.crypto.SignedRequest;
import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.util.UriUtils;

/**
 * The one client of the vault's internal API ({@code /internal/**}). Every request is
 * signed with this consumer's private signature key: headers
 * {@link SignedRequest#CONSUMER_HEADER}, {@link SignedRequest#TIMESTAMP_HEADER} and
 * {@link SignedRequest#SIGNATURE_HEADER} over method, raw path and query, timestamp and
 * the SHA-256 of the body bytes. The vault verifies them with the public key it has
 * registered for the consumer and grants only what the consumer's scope allows.
 * <p>
 * A new internal call is one more method over {@link #send(HttpMethod, String, Object)}.
 */
public final class VaultClient implements Leases, AccessLogs, Integrations, Assessments {

	static final String LEASES_PATH = "/internal/leases";

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private static final byte[] NO_BODY = new byte[0];

	private final String baseUrl;

	private final String consumer;

	private final RequestSigner signer;

	private final Duration timeout;

	private final WebClient web;

	private final Clock clock;

	/**
	 * @param baseUrl the vault, e.g. {@code http://localhost:8082}
	 * @param consumer the name the vault has registered this consumer's keys under
	 * @param timeout connect and response timeout of each request
	 */
	public VaultClient(String baseUrl, String consumer, RequestSigner signer, Duration timeout) {
		this(baseUrl, consumer, signer, timeout, reactorNetty(timeout), Clock.systemUTC());
	}

	/**
	 * Built from a service's {@code WebClient.Builder} (Boot's, observed): each call is
	 * timed and carries the caller's trace to the vault.
	 */
	public VaultClient(String baseUrl, String consumer, RequestSigner signer, Duration timeout, WebClient.Builder web) {
		this(baseUrl, consumer, signer, timeout, web.clone().clientConnector(reactorNetty(timeout)), Clock.systemUTC());
	}

	/** With another connector (a test's in-memory server) and clock. */
	public VaultClient(String baseUrl, String consumer, RequestSigner signer, Duration timeout,
			ClientHttpConnector connector, Clock clock) {
		this(baseUrl, consumer, signer, timeout, WebClient.builder().clientConnector(connector), clock);
	}

	private VaultClient(String baseUrl, String consumer, RequestSigner signer, Duration timeout, WebClient.Builder web,
			Clock clock) {
		this.baseUrl = baseUrl.replaceAll("/+$", "");
		this.consumer = consumer;
		this.signer = signer;
		this.timeout = timeout;
		this.web = web.build();
		this.clock = clock;
	}

	/** The name this client signs as; leases are sealed and bound to it. */
	public String consumer() {
		return this.consumer;
	}

	@Override
	public Mono<Lease> lease(String tenantId, String integrationId, Purpose purpose) {
		return send(HttpMethod.POST, LEASES_PATH, new LeaseRequest(tenantId, integrationId, purpose.wire()))
			.map((answer) -> answer.read(LeaseAnswer.class, "lease").toLease());
	}

	@Override
	public Mono<AccessLogPage> accessLog(String tenantId, String integrationId, String cursor, int limit) {
		if (limit < 1 || limit > AccessLogPage.MAX_LIMIT) {
			return Mono.error(new IllegalArgumentException("limit must be 1 to " + AccessLogPage.MAX_LIMIT));
		}
		String path = "/internal/integrations/" + UriUtils.encodePathSegment(integrationId, StandardCharsets.UTF_8)
				+ "/access-log?tenant=" + query(tenantId) + "&limit=" + limit
				+ ((cursor != null) ? "&cursor=" + query(cursor) : "");
		return send(HttpMethod.GET, path, null)
			.map((answer) -> answer.read(AccessLogAnswer.class, "access log").toPage());
	}

	@Override
	public Mono<IntegrationSummary> find(String tenantId, String integrationId) {
		return send(HttpMethod.GET, integrationPath(integrationId) + "?tenant=" + query(tenantId), null)
			.map((answer) -> answer.read(IntegrationSummary.class, "integration"));
	}

	@Override
	public Mono<Void> delete(String tenantId, String integrationId, String revocation) {
		return send(HttpMethod.DELETE,
				integrationPath(integrationId) + "?tenant=" + query(tenantId) + "&revocation=" + query(revocation),
				null)
			.then();
	}

	@Override
	public Mono<Void> schedule(String tenantId, String integrationId, Long everySeconds) {
		return send(HttpMethod.PUT, integrationPath(integrationId) + "/schedule?tenant=" + query(tenantId),
				new ScheduleRequest(everySeconds))
			.then();
	}

	@Override
	public Mono<AssessmentPage> assessments(String tenantId, String integrationId, String cursor, int limit) {
		if (limit < 1 || limit > AssessmentPage.MAX_LIMIT) {
			return Mono.error(new IllegalArgumentException("limit must be 1 to " + AssessmentPage.MAX_LIMIT));
		}
		String path = integrationPath(integrationId) + "/assessments?tenant=" + query(tenantId) + "&limit=" + limit
				+ ((cursor != null) ? "&cursor=" + query(cursor) : "");
		return send(HttpMethod.GET, path, null)
			.map((answer) -> answer.read(AssessmentsAnswer.class, "assessments").toPage());
	}

	private static String integrationPath(String integrationId) {
		return "/internal/integrations/" + UriUtils.encodePathSegment(integrationId, StandardCharsets.UTF_8);
	}

	/**
	 * One signed call. The body is serialized here, so the bytes signed are the bytes
	 * sent; the signature is made when the returned {@code Mono} is subscribed, so a
	 * retry signs afresh. A 2xx answer is handed on; 400, 403, 404 and 409 fail with
	 * {@link VaultRefusedException}; any other status, or no answer in time, with
	 * {@link VaultUnavailableException}.
	 * @param pathAndQuery already encoded, from {@code /internal/}
	 * @param body serialized to JSON, or {@code null} for none
	 */
	Mono<Answer> send(HttpMethod method, String pathAndQuery, Object body) {
		String what = method.name() + " " + pathAndQuery.replaceAll("\\?.*", "");
		return Mono.defer(() -> {
			URI uri = URI.create(this.baseUrl + pathAndQuery);
			byte[] bytes = (body != null) ? JSON.writeValueAsBytes(body) : NO_BODY;
			long now = this.clock.instant().getEpochSecond();
			String signedPath = uri.getRawPath() + ((uri.getRawQuery() != null) ? "?" + uri.getRawQuery() : "");
			String signature = this.signer
				.sign(new SignedRequest(this.consumer, method.name(), signedPath, now, bytes));
			WebClient.RequestBodySpec request = this.web.method(method)
				.uri(uri)
				.header(SignedRequest.CONSUMER_HEADER, this.consumer)
				.header(SignedRequest.TIMESTAMP_HEADER, Long.toString(now))
				.header(SignedRequest.SIGNATURE_HEADER, signature)
				.accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);
			WebClient.RequestHeadersSpec<?> complete = (body != null)
					? request.contentType(MediaType.APPLICATION_JSON).bodyValue(bytes) : request;
			return complete.exchangeToMono((response) -> response.bodyToMono(byte[].class)
				.defaultIfEmpty(NO_BODY)
				.map((answer) -> new Answer(response.statusCode().value(), answer)));
		})
			.timeout(this.timeout.multipliedBy(2))
			.onErrorMap((ex) -> !(ex instanceof VaultUnavailableException), (ex) -> unavailable(what, ex))
			.flatMap((answer) -> answer.judged(what));
	}

	private static String query(String value) {
		return UriUtils.encodeQueryParam(value, StandardCharsets.UTF_8);
	}

	private static VaultUnavailableException unavailable(String what, Throwable ex) {
		String message = "The vault did not answer " + what + " (" + ex.getClass().getSimpleName() + ")";
		// Connection failures are worth their stack trace; other failures' messages may
		// quote the answer, so they are left out.
		return (ex instanceof WebClientRequestException) ? new VaultUnavailableException(message, ex)
				: new VaultUnavailableException(message);
	}

	private static ClientHttpConnector reactorNetty(Duration timeout) {
		HttpClient http = HttpClient.create()
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, Math.toIntExact(timeout.toMillis()))
			.responseTimeout(timeout);
		return new ReactorClientHttpConnector(http);
	}

	/** A status and the body bytes of one answer. */
	record Answer(int status, byte[] body) {

		Mono<Answer> judged(String what) {
			if (this.status >= 200 && this.status < 300) {
				return Mono.just(this);
			}
			// 409: the stored credential failed its integrity check; the vault marked the
			// integration, asking again cannot help.
			if (this.status == 400 || this.status == 403 || this.status == 404 || this.status == 409) {
				return Mono.error(new VaultRefusedException(this.status));
			}
			return Mono.error(new VaultUnavailableException("The vault answered " + this.status + " to " + what));
		}

		<T> T read(Class<T> type, String what) {
			try {
				return JSON.readValue(this.body, type);
			}
			catch (JacksonException ex) {
				throw new VaultUnavailableException("The vault's " + what + " answer could not be read");
			}
		}

	}

	record LeaseRequest(String tenantId, String integrationId, String purpose) {
	}

	/** Serialized with its null: {@code {"everySeconds":null}} resets the period. */
	record ScheduleRequest(Long everySeconds) {
	}

	record AssessmentsAnswer(List<Entry> entries, String next) {

		AssessmentPage toPage() {
			if (this.entries == null) {
				throw new VaultUnavailableException("The vault's assessments answer lacks its entries");
			}
			return new AssessmentPage(this.entries.stream().map(Entry::toAssessment).toList(), this.next);
		}

		record Entry(Instant at, Long version, String trigger, String outcome, String reason, Integer httpStatus,
				Long latencyMillis, List<AssessmentPage.Finding> findings, Integer consecutiveFailures) {

			AssessmentPage.Assessment toAssessment() {
				if (this.at == null || this.version == null || this.outcome == null) {
					throw new VaultUnavailableException("The vault's assessments answer lacks required fields");
				}
				return new AssessmentPage.Assessment(this.at, this.version, this.trigger, this.outcome, this.reason,
						this.httpStatus, (this.latencyMillis != null) ? this.latencyMillis : 0, this.findings,
						(this.consecutiveFailures != null) ? this.consecutiveFailures : 0);
			}

		}

	}

	record LeaseAnswer(String leaseId, String tenantId, String integrationId, String provider, String name,
			Long version, Map<String, String> publicFields, String sealedSecret) {

		Lease toLease() {
			if (this.leaseId == null || this.tenantId == null || this.integrationId == null || this.provider == null
					|| this.version == null || this.sealedSecret == null) {
				throw new VaultUnavailableException("The vault's lease answer lacks required fields");
			}
			byte[] sealed;
			try {
				sealed = Base64.getDecoder().decode(this.sealedSecret);
			}
			catch (IllegalArgumentException ex) {
				throw new VaultUnavailableException("The vault's lease answer has no base64 sealed secret");
			}
			return new Lease(this.leaseId, this.tenantId, this.integrationId, this.provider, this.name, this.version,
					(this.publicFields != null) ? this.publicFields : Map.of(), sealed);
		}

		@Override
		public String toString() {
			return "LeaseAnswer[" + this.leaseId + "]";
		}

	}

	record AccessLogAnswer(List<Entry> entries, String next) {

		AccessLogPage toPage() {
			if (this.entries == null) {
				throw new VaultUnavailableException("The vault's access log answer lacks its entries");
			}
			return new AccessLogPage(this.entries.stream().map(Entry::toEntry).toList(), this.next);
		}

		record Entry(Instant at, String consumer, Boolean authenticated, String purpose, Long version, String outcome,
				String reason) {

			AccessLogEntry toEntry() {
				if (this.at == null || this.outcome == null) {
					throw new VaultUnavailableException("The vault's access log answer lacks required fields");
				}
				return new AccessLogEntry(this.at, this.consumer, Boolean.TRUE.equals(this.authenticated), this.purpose,
						this.version, this.outcome, this.reason);
			}

		}

	}

}
