package dev.latchkey.status.integration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import dev.latchkey.catalogue.Provider;
import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.websecurity.FastAnswer;
import dev.latchkey.websecurity.FastTenantRoute;
import dev.latchkey.websecurity.TenantId;

import org.springframework.http.CacheControl;
import org.springframework.http.ETag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the frontends poll or subscribe to. Every answer is about the caller's tenant
 * only, taken from the bearer token; none carries a secret.
 * <p>
 * Each answer carries the tenant's revision as ETag, so a poll with {@code If-None-Match}
 * costs a 304 until the tenant's integrations change. The value changes on events, not
 * with time: caches may keep it but must revalidate every time ({@code no-cache}), and
 * only for this caller ({@code private}).
 * <p>
 * Polls far outnumber changes, so each tenant's answers are serialised once per revision
 * and then written as they are: a poll reads the revision, compares it with the one its
 * bytes were made at and writes them.
 */
@RestController
@RequestMapping("/api/integrations")
class StatusController {

	private static final String REVALIDATE = CacheControl.noCache().cachePrivate().getHeaderValue();

	private final StatusView view;

	private final StatusStream stream;

	private final CatchUp catchUp;

	private final JsonMapper json;

	private final List<String> providers;

	private final Set<String> knownProviders;

	private final Duration heartbeat;

	/** Changes when the catalogue does, so a new deployment never answers 304 wrongly. */
	private final String representation;

	/** Tenants with integrations; every other tenant gets {@link #noIntegrations}. */
	private final Map<String, Answers> answers = new ConcurrentHashMap<>();

	private final Answers noIntegrations;

	StatusController(StatusView view, StatusStream stream, CatchUp catchUp, ProviderCatalogue catalogue,
			StatusProperties properties, JsonMapper json) {
		this.view = view;
		this.stream = stream;
		this.catchUp = catchUp;
		this.json = json;
		this.providers = catalogue.all().stream().map(Provider::id).toList();
		this.knownProviders = Set.copyOf(this.providers);
		this.heartbeat = properties.stream().heartbeat();
		this.representation = "v1." + Integer.toHexString(this.providers.hashCode());
		this.noIntegrations = new Answers(new StatusView.Snapshot(List.of(), StatusView.EMPTY_REVISION));
	}

	@GetMapping("/status")
	Mono<Void> statuses(TenantId tenant, ServerWebExchange exchange) {
		return write(exchange, answersFor(tenant), Answers::statuses);
	}

	/**
	 * What {@link #statuses} answers, as a {@link FastAnswer} made once per revision (see
	 * {@link StatusPollRoute}); {@code null} for a request whose {@code Accept} is not
	 * plainly JSON, which the chain checks (and may refuse) first.
	 */
	FastAnswer fastStatuses(TenantId tenant, FastTenantRoute.RequestHeaders headers) {
		List<String> accept = headers.all(HttpHeaders.ACCEPT);
		if (!accept.isEmpty() && !(accept.size() == 1
				&& (accept.get(0).equals("*/*") || accept.get(0).equals(MediaType.APPLICATION_JSON_VALUE)))) {
			return null;
		}
		Answers answers = answersFor(tenant);
		return notModified(headers.all(HttpHeaders.IF_NONE_MATCH), answers.etag) ? answers.fastNotModified()
				: answers.fastStatuses();
	}

	/**
	 * Whether {@code If-None-Match} names the ETag, as {@code checkNotModified} decides
	 * for a GET: any of the listed tags (in any of the headers) equal to it by weak
	 * comparison; a header that does not parse counts as absent.
	 */
	static boolean notModified(List<String> ifNoneMatch, String etag) {
		if (ifNoneMatch.isEmpty()) {
			return false;
		}
		ETag current = ETag.create(etag);
		try {
			for (String value : ifNoneMatch) {
				for (ETag requested : ETag.parse(value)) {
					if (requested.compare(current, false)) {
						return true;
					}
				}
			}
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		return false;
	}

	/**
	 * The tenant's snapshot, then every change, as Server-Sent Events: {@code snapshot}
	 * (all the tenant's integrations and the catalogue's providers), {@code change} (one
	 * integration updated or removed), and {@code resync} (this subscriber fell behind:
	 * reconnect). Event ids are revisions: send the last one back as
	 * {@code Last-Event-ID} to resume. Comments keep an idle stream alive.
	 */
	@GetMapping("/status/stream")
	Flux<ServerSentEvent<Object>> stream(TenantId tenant,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
		requireCaughtUp();
		Sinks.Empty<Void> ended = Sinks.empty();
		Flux<ServerSentEvent<Object>> events = this.stream.open(tenant.value(), lastEventId)
			.map(this::toSse)
			.doFinally((signal) -> ended.tryEmitEmpty());
		Flux<ServerSentEvent<Object>> heartbeats = Flux.interval(this.heartbeat)
			.onBackpressureDrop()
			.map((tick) -> ServerSentEvent.builder().comment("heartbeat").build())
			.takeUntilOther(ended.asMono());
		// merge subscribes its sources in order, so heartbeats start only once the stream
		// is open and the snapshot comes first however long opening takes; they stop
		// when the stream ends (after a resync).
		return Flux.merge(events, heartbeats);
	}

	@GetMapping("/status/{provider}")
	Mono<Void> status(TenantId tenant, @PathVariable String provider,
			@RequestParam(defaultValue = "default") String name, ServerWebExchange exchange) {
		requireCaughtUp();
		if (!this.knownProviders.contains(provider)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND,
					"No such provider; known providers are " + this.providers);
		}
		return write(exchange, answersFor(tenant), (answers) -> answers.details(provider, name));
	}

	@GetMapping
	Mono<Void> list(TenantId tenant, ServerWebExchange exchange) {
		return write(exchange, answersFor(tenant), Answers::list);
	}

	/**
	 * The tenant's answers at its current revision, made once per revision: the revision
	 * is read without a lock, and only a changed one takes the view's lock to take a
	 * snapshot. A tenant's answers and ETag always come from one snapshot.
	 */
	private Answers answersFor(TenantId tenant) {
		requireCaughtUp();
		String tenantId = tenant.value();
		String revision = this.view.revision(tenantId);
		if (revision.equals(StatusView.EMPTY_REVISION)) {
			// Forget the answers of a tenant whose last integration went away.
			this.answers.remove(tenantId);
			return this.noIntegrations;
		}
		Answers current = this.answers.get(tenantId);
		if (current != null && current.revision.equals(revision)) {
			return current;
		}
		Answers fresh = this.view.read(tenantId, Answers::new);
		// Two polls racing across a change may store an older snapshot last: the next
		// poll sees its revision differ and makes them again.
		this.answers.put(tenantId, fresh);
		return fresh;
	}

	/**
	 * Answers 304 when the caller already holds this revision (ETag and Cache-Control
	 * only), otherwise writes the body as it was serialised. The 404 of an unknown
	 * integration name comes after the 304, as the revision covers it too.
	 */
	private Mono<Void> write(ServerWebExchange exchange, Answers answers, Function<Answers, byte[]> body) {
		ServerHttpResponse response = exchange.getResponse();
		// Sets the ETag on both outcomes, and the status on a 304.
		if (exchange.checkNotModified(answers.etag)) {
			response.getHeaders().set(HttpHeaders.CACHE_CONTROL, REVALIDATE);
			return response.setComplete();
		}
		byte[] bytes = body.apply(answers);
		requireJsonAcceptable(exchange.getRequest().getHeaders());
		HttpHeaders headers = response.getHeaders();
		headers.set(HttpHeaders.CACHE_CONTROL, REVALIDATE);
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.setContentLength(bytes.length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
	}

	/** As WebFlux would for a body it cannot write in an acceptable media type: 406. */
	private static void requireJsonAcceptable(HttpHeaders request) {
		String accept = request.getFirst(HttpHeaders.ACCEPT);
		if (accept == null || accept.equals("*/*") || accept.equals("application/json")) {
			return;
		}
		List<MediaType> acceptable;
		try {
			acceptable = request.getAccept();
		}
		catch (InvalidMediaTypeException ex) {
			throw new NotAcceptableStatusException("Could not parse Accept header: " + ex.getMessage());
		}
		if (acceptable.stream().noneMatch((type) -> type.isCompatibleWith(MediaType.APPLICATION_JSON))) {
			throw new NotAcceptableStatusException(List.of(MediaType.APPLICATION_JSON));
		}
	}

	/**
	 * Always problem+json, even to a caller that accepts only {@code text/event-stream}
	 * (which would otherwise get the problem as an event).
	 */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> tooManySubscribers(TooManySubscribersException ex) {
		return ResponseEntity.status(ex.getStatusCode())
			.headers(ex.getHeaders())
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ex.getBody());
	}

	private ServerSentEvent<Object> toSse(StreamEvent event) {
		Object data = switch (event.type()) {
			case StreamEvent.SNAPSHOT -> new SnapshotData(this.providers,
					event.snapshot().integrations().stream().map(StatusDetails::of).toList());
			case StreamEvent.CHANGE -> ChangeData.of(event.change());
			default -> new ResyncData("this stream fell behind; reconnect to get a fresh snapshot");
		};
		ServerSentEvent.Builder<Object> sse = ServerSentEvent.builder(data).event(event.type());
		return ((event.id() != null) ? sse.id(event.id()) : sse).build();
	}

	private void requireCaughtUp() {
		if (!this.catchUp.isCaughtUp()) {
			throw new CatchingUpException();
		}
	}

	/**
	 * One tenant's answers at one revision, each serialised on first use: a tenant that
	 * only polls its statuses never pays for its list. Serialising twice in a race gives
	 * the same bytes.
	 */
	private final class Answers {

		private final String revision;

		private final String etag;

		private final StatusView.Snapshot snapshot;

		private volatile byte[] statuses;

		private volatile byte[] list;

		private volatile FastAnswer fastStatuses;

		private volatile FastAnswer fastNotModified;

		/** By provider, then name; only integrations that exist. */
		private final Map<String, Map<String, byte[]>> details = new ConcurrentHashMap<>();

		Answers(StatusView.Snapshot snapshot) {
			this.revision = snapshot.revision();
			this.etag = "\"" + StatusController.this.representation + "." + snapshot.revision() + "\"";
			this.snapshot = snapshot;
		}

		byte[] statuses() {
			byte[] bytes = this.statuses;
			if (bytes == null) {
				bytes = serialise(
						new ProviderStatuses(this.snapshot.usableByProvider(StatusController.this.providers)));
				this.statuses = bytes;
			}
			return bytes;
		}

		/**
		 * The 200 of {@link #statuses}: headers in the order {@link #write} sets them.
		 */
		FastAnswer fastStatuses() {
			FastAnswer answer = this.fastStatuses;
			if (answer == null) {
				answer = FastAnswer.of(200, statuses(), HttpHeaders.ETAG, this.etag, HttpHeaders.CACHE_CONTROL,
						REVALIDATE, HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE);
				this.fastStatuses = answer;
			}
			return answer;
		}

		/** The 304 of {@link #statuses}. */
		FastAnswer fastNotModified() {
			FastAnswer answer = this.fastNotModified;
			if (answer == null) {
				answer = FastAnswer.of(304, new byte[0], HttpHeaders.ETAG, this.etag, HttpHeaders.CACHE_CONTROL,
						REVALIDATE);
				this.fastNotModified = answer;
			}
			return answer;
		}

		byte[] list() {
			byte[] bytes = this.list;
			if (bytes == null) {
				bytes = serialise(new IntegrationList(
						this.snapshot.integrations().stream().map(IntegrationSummary::of).toList()));
				this.list = bytes;
			}
			return bytes;
		}

		byte[] details(String provider, String name) {
			Map<String, byte[]> byName = this.details.get(provider);
			byte[] bytes = (byName != null) ? byName.get(name) : null;
			if (bytes == null) {
				IntegrationStatus status = this.snapshot.find(provider, name)
					.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
							"No " + provider + " integration with this name is configured"));
				bytes = serialise(StatusDetails.of(status));
				this.details.computeIfAbsent(provider, (key) -> new ConcurrentHashMap<>()).put(name, bytes);
			}
			return bytes;
		}

		private byte[] serialise(Object body) {
			return StatusController.this.json.writeValueAsBytes(body);
		}

	}

	/** Per catalogue provider, whether the tenant has a usable integration of it. */
	record ProviderStatuses(Map<String, Boolean> integrations) {
	}

	/**
	 * One integration in full (details and stream events; the list and the booleans stay
	 * lean).
	 *
	 * @param scanEvery the integration's own scan period as an ISO-8601 duration (e.g.
	 * {@code PT6H}), {@code null} for the provider's default
	 */
	record StatusDetails(String integrationId, String provider, String name, IntegrationState state, boolean usable,
			long version, Map<String, String> publicFields, Instant createdAt, Instant updatedAt,
			Instant lastVerifiedAt, String reason, Instant lastCheckedAt, Instant nextCheckAt, List<Finding> findings,
			String scanEvery) {

		static StatusDetails of(IntegrationStatus status) {
			return new StatusDetails(status.integrationId(), status.provider(), status.name(), status.state(),
					status.usable(), status.version(), status.publicFields(), status.createdAt(), status.updatedAt(),
					status.lastVerifiedAt(), status.reason(), status.lastCheckedAt(), status.nextCheckAt(),
					status.findings(), (status.scanEverySeconds() != null)
							? Duration.ofSeconds(status.scanEverySeconds()).toString() : null);
		}

	}

	record IntegrationList(List<IntegrationSummary> integrations) {
	}

	record SnapshotData(List<String> providers, List<StatusDetails> integrations) {
	}

	/** An integration updated ({@code integration} is its new status) or removed. */
	record ChangeData(String integrationId, String provider, String name, boolean removed, StatusDetails integration) {

		static ChangeData of(StatusChange change) {
			IntegrationStatus status = change.status();
			return new ChangeData(status.integrationId(), status.provider(), status.name(), change.removed(),
					change.removed() ? null : StatusDetails.of(status));
		}

	}

	record ResyncData(String detail) {
	}

	record IntegrationSummary(String id, String provider, String name, IntegrationState state, Instant createdAt,
			Instant updatedAt) {

		static IntegrationSummary of(IntegrationStatus status) {
			return new IntegrationSummary(status.integrationId(), status.provider(), status.name(), status.state(),
					status.createdAt(), status.updatedAt());
		}

	}

}
