package dev.latchkey.status.integration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.latchkey.catalogue.Provider;
import dev.latchkey.catalogue.ProviderCatalogue;
import dev.latchkey.websecurity.TenantId;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * What the frontends poll or subscribe to. Every answer is about the caller's tenant
 * only, taken from the bearer token; none carries a secret.
 * <p>
 * Each answer carries the tenant's revision as ETag, so a poll with {@code If-None-Match}
 * costs a 304 until the tenant's integrations change. The value changes on events, not
 * with time: caches may keep it but must revalidate every time ({@code no-cache}), and
 * only for this caller ({@code private}).
 */
@RestController
@RequestMapping("/api/integrations")
class StatusController {

	private static final CacheControl REVALIDATE = CacheControl.noCache().cachePrivate();

	private final StatusView view;

	private final StatusStream stream;

	private final CatchUp catchUp;

	private final ProviderCatalogue catalogue;

	private final List<String> providers;

	private final Duration heartbeat;

	/** Changes when the catalogue does, so a new deployment never answers 304 wrongly. */
	private final String representation;

	StatusController(StatusView view, StatusStream stream, CatchUp catchUp, ProviderCatalogue catalogue,
			StatusProperties properties) {
		this.view = view;
		this.stream = stream;
		this.catchUp = catchUp;
		this.catalogue = catalogue;
		this.providers = catalogue.all().stream().map(Provider::id).toList();
		this.heartbeat = properties.stream().heartbeat();
		this.representation = "v1." + Integer.toHexString(this.providers.hashCode());
	}

	@GetMapping("/status")
	ResponseEntity<ProviderStatuses> statuses(TenantId tenant, ServerWebExchange exchange) {
		return conditionally(tenant, exchange,
				() -> new ProviderStatuses(this.view.usableByProvider(tenant.value(), this.providers)));
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
	ResponseEntity<StatusDetails> status(TenantId tenant, @PathVariable String provider,
			@RequestParam(defaultValue = "default") String name, ServerWebExchange exchange) {
		requireCaughtUp();
		if (this.catalogue.find(provider).isEmpty()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND,
					"No such provider; known providers are " + this.providers);
		}
		return conditionally(tenant, exchange,
				() -> this.view.find(tenant.value(), provider, name)
					.map(StatusDetails::of)
					.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
							"No " + provider + " integration with this name is configured")));
	}

	@GetMapping
	ResponseEntity<IntegrationList> list(TenantId tenant, ServerWebExchange exchange) {
		return conditionally(tenant, exchange, () -> new IntegrationList(
				this.view.list(tenant.value()).stream().map(IntegrationSummary::of).toList()));
	}

	/**
	 * Answers 304 when the caller already holds the tenant's current revision, otherwise
	 * the body. The revision is read before the body, so an ETag is never newer than the
	 * body it comes with.
	 */
	private <T> ResponseEntity<T> conditionally(TenantId tenant, ServerWebExchange exchange, Supplier<T> body) {
		requireCaughtUp();
		String etag = "\"" + this.representation + "." + this.view.revision(tenant.value()) + "\"";
		if (exchange.checkNotModified(etag)) {
			return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(REVALIDATE).build();
		}
		return ResponseEntity.ok().eTag(etag).cacheControl(REVALIDATE).body(body.get());
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

	/** Per catalogue provider, whether the tenant has a usable integration of it. */
	record ProviderStatuses(Map<String, Boolean> integrations) {
	}

	record StatusDetails(String integrationId, String provider, String name, IntegrationState state, boolean usable,
			long version, Map<String, String> publicFields, Instant createdAt, Instant updatedAt,
			Instant lastVerifiedAt, String reason) {

		static StatusDetails of(IntegrationStatus status) {
			return new StatusDetails(status.integrationId(), status.provider(), status.name(), status.state(),
					status.usable(), status.version(), status.publicFields(), status.createdAt(), status.updatedAt(),
					status.lastVerifiedAt(), status.reason());
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
