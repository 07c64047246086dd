package dev.latchkey.scanner.probe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.latchkey.catalogue.Scan;
import dev.latchkey.scanner.ScannerProperties;
import org.bson.Document;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.ReactiveMongoOperations;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Platform limits shared through MongoDB, so that they hold for the whole fleet.
 * <ul>
 * <li>Concurrency: collection {@code platform_permits}, one document per slot
 * ({@code provider#i}, i below the limit); a request takes a free slot with
 * {@code findAndModify} (holder token, {@code until} = now + permit lifetime) and frees
 * it when its answer is in. A killed instance's slots free themselves at {@code until}.
 * Within an instance, at most {@code concurrency} requests even ask MongoDB; the others
 * wait in line ({@link LocalPermits}) and are woken as a permit is freed.</li>
 * <li>Rate: collection {@code platform_rates}, one document per provider holding the next
 * free send time ({@code next}, epoch microseconds). A request takes its slot with an
 * atomic {@code $inc} that moves {@code next} one interval on (1 s / perSecond, stretched
 * by {@code rate-margin} so that network jitter cannot squeeze an extra request into any
 * second), then waits until its slot: requests are spaced evenly, never bursty.</li>
 * <li>Pause: a 429 moves {@code next} to its {@code Retry-After} ({@code $max}), which
 * every instance's next request waits out.</li>
 * </ul>
 */
@Component
class MongoPlatformLimits implements PlatformLimits {

	static final String PERMITS = "platform_permits";

	static final String RATES = "platform_rates";

	private static final Duration PERMIT_POLL = Duration.ofMillis(20);

	private static final Duration PAUSE_CACHE = Duration.ofMillis(250);

	private final ReactiveMongoOperations mongo;

	private final Clock clock;

	private final ScannerProperties.Limits settings;

	private final Duration permitLifetime;

	private final Map<String, LocalPermits> local = new ConcurrentHashMap<>();

	private final Set<String> slotsCreated = ConcurrentHashMap.newKeySet();

	private final Map<String, Long[]> pauses = new ConcurrentHashMap<>();

	MongoPlatformLimits(ReactiveMongoOperations mongo, Clock clock, ScannerProperties properties) {
		this.mongo = mongo;
		this.clock = clock;
		this.settings = properties.limits();
		// Longer than any probe (its response timeout twice over, see the transport).
		this.permitLifetime = properties.probeTimeout().multipliedBy(3);
	}

	@Override
	public Mono<Permit> acquire(String provider, Scan.RateLimit limit) {
		long deadline = this.clock.millis() + this.settings.maxWait().toMillis();
		Mono<Permit> slot = limit.limitsConcurrency() ? concurrencySlot(provider, limit.concurrency(), deadline)
				: Mono.just(() -> {
				});
		if (!limit.limitsRate()) {
			// Only a pause to wait out: before taking a concurrency slot, not holding
			// one.
			return waitOutPause(provider, deadline).then(slot);
		}
		return slot.flatMap(
				(permit) -> rateSlot(provider, limit, deadline).<Permit>map((sendBy) -> new TimedPermit(permit, sendBy))
					.onErrorResume((ex) -> Mono.fromRunnable(permit::release).then(Mono.error(ex))));
	}

	@Override
	public Mono<Void> pause(String provider, Instant until) {
		return this.mongo
			.upsert(Query.query(Criteria.where("_id").is(provider)),
					new Update().max("next", until.toEpochMilli() * 1000), RATES)
			.onErrorResume(DuplicateKeyException.class, (ex) -> pause(provider, until).then(Mono.empty()))
			.then();
	}

	private Mono<Permit> concurrencySlot(String provider, int concurrency, long deadline) {
		LocalPermits gate = this.local.computeIfAbsent(provider + "#" + concurrency,
				(key) -> new LocalPermits(concurrency));
		return gate.acquire(Duration.ofMillis(Math.max(0, deadline - this.clock.millis())))
			.onErrorMap(TimeoutException.class,
					(ex) -> new PlatformBusyException(provider, this.clock.instant().plusSeconds(1)))
			// Holding the instance's permit from here: given back unless a slot is taken.
			.then(Mono.defer(() -> {
				AtomicBoolean handedOut = new AtomicBoolean();
				return createSlots(provider, concurrency)
					.then(waitFor(() -> takeSlot(provider, concurrency), provider, deadline))
					.<Permit>map((taken) -> {
						handedOut.set(true);
						return () -> freeSlot(taken).doFinally((signal) -> gate.release()).subscribe();
					})
					.onErrorResume((ex) -> Mono.fromRunnable(gate::release).then(Mono.error(ex)))
					.doOnCancel(() -> {
						if (!handedOut.get()) {
							gate.release();
						}
					});
			}));
	}

	private Mono<Document> takeSlot(String provider, int concurrency) {
		Instant now = this.clock.instant();
		Query free = Query.query(
				Criteria.where("provider").is(provider).and("slot").lt(concurrency).and("until").lte(Date.from(now)));
		return this.mongo.findAndModify(free,
				new Update().set("holder", UUID.randomUUID().toString())
					.set("until", Date.from(now.plus(this.permitLifetime))),
				FindAndModifyOptions.options().returnNew(true), Document.class, PERMITS);
	}

	private Mono<Void> freeSlot(Document taken) {
		return this.mongo
			.updateFirst(
					Query.query(Criteria.where("_id").is(taken.get("_id")).and("holder").is(taken.getString("holder"))),
					new Update().set("until", new Date(0)), PERMITS)
			.then();
	}

	private Mono<Void> createSlots(String provider, int concurrency) {
		if (this.slotsCreated.contains(provider + "#" + concurrency)) {
			return Mono.empty();
		}
		return Flux.range(0, concurrency)
			.concatMap((slot) -> this.mongo
				.insert(new Document("_id", provider + "#" + slot).append("provider", provider)
					.append("slot", slot)
					.append("holder", null)
					.append("until", new Date(0)), PERMITS)
				.onErrorResume(DuplicateKeyException.class, (ex) -> Mono.empty()))
			.then(Mono.fromRunnable(() -> this.slotsCreated.add(provider + "#" + concurrency)));
	}

	/**
	 * Waits for the provider's next send time, taking a rate slot: one atomic
	 * {@code $inc} of {@code next} by the interval reserves [next, next + interval) for
	 * this request, however many instances ask at once (no compare-and-set to lose). A
	 * {@code next} left behind while the platform was idle is first moved to just ahead
	 * of now ({@code $max}, which only ever moves it forward): reservations never
	 * overlap.
	 * <p>
	 * The margin makes 1 s hold fewer slots than the limit: the requests of any limit + 1
	 * consecutive slots are {@code margin} × 1 s more than a second apart. That slack is
	 * what a request may lose between its slot and its arrival at the platform without
	 * ever making a second of arrivals exceed the limit; a quarter of it is allowed for
	 * being late leaving ({@code sendBy}), the rest for the way to the platform and into
	 * it (with half, one request in 2,000 went over the limit on a loaded 2-core machine,
	 * where the way in stalls too). A request later than that is not sent: it takes a new
	 * slot, leaving its own unused, which costs rate, never the limit.
	 * @return when the request must leave by
	 */
	private Mono<Instant> rateSlot(String provider, Scan.RateLimit limit, long deadline) {
		long interval = (long) Math.ceil(1_000_000.0 / limit.perSecond() * (1 + this.settings.rateMargin()));
		long tolerance = lateTolerance(interval, limit.perSecond());
		Mono<Long> slot = reserve(provider, interval).flatMap((at) -> (at >= micros() - tolerance / 2) ? Mono.just(at)
				: catchUp(provider, tolerance).then(reserve(provider, interval)));
		return waitUntil(provider, slot, deadline).map((at) -> toInstant(at + tolerance));
	}

	/** A quarter of the slack the margin leaves in a second (µs), at least 1 ms. */
	static long lateTolerance(long interval, double perSecond) {
		long slack = (long) (interval * perSecond) - 1_000_000;
		return Math.max(1_000, slack / 4);
	}

	private Mono<Void> waitOutPause(String provider, long deadline) {
		return waitUntil(provider, pausedUntil(provider), deadline).then();
	}

	/**
	 * @return the slot, once it has come
	 */
	private Mono<Long> waitUntil(String provider, Mono<Long> slot, long deadline) {
		return slot.flatMap((at) -> {
			if (at > deadline * 1000) {
				return Mono.error(new PlatformBusyException(provider, Instant.ofEpochMilli(at / 1000)));
			}
			long wait = at - micros();
			return (wait > 0) ? Mono.delay(Duration.ofNanos(wait * 1000)).thenReturn(at) : Mono.just(at);
		});
	}

	/**
	 * @return the start of the reserved slot, epoch microseconds
	 */
	private Mono<Long> reserve(String provider, long interval) {
		return this.mongo
			.findAndModify(Query.query(Criteria.where("_id").is(provider)), new Update().inc("next", interval),
					FindAndModifyOptions.options().returnNew(true).upsert(true), Document.class, RATES)
			.map((document) -> document.get("next", Number.class).longValue() - interval)
			.onErrorResume(DuplicateKeyException.class, (ex) -> reserve(provider, interval));
	}

	/**
	 * Moves an idle provider's next send time to a little ahead of now (by the time a
	 * reservation takes, so that the slot is not already late once reserved).
	 */
	private Mono<Void> catchUp(String provider, long lead) {
		return this.mongo
			.upsert(Query.query(Criteria.where("_id").is(provider)), new Update().max("next", micros() + lead), RATES)
			.onErrorResume(DuplicateKeyException.class, (ex) -> Mono.empty())
			.then();
	}

	/**
	 * The provider's pause, read at most every {@link #PAUSE_CACHE} per instance: a 429
	 * reaches the other instances that much later, and a busy unlimited provider costs no
	 * read per request.
	 */
	private Mono<Long> pausedUntil(String provider) {
		Long[] cached = this.pauses.get(provider);
		if (cached != null && cached[1] > System.nanoTime()) {
			return Mono.just(cached[0]);
		}
		return this.mongo.findById(provider, Document.class, RATES)
			.map((document) -> document.get("next", Number.class).longValue())
			.defaultIfEmpty(0L)
			.doOnNext((until) -> this.pauses.put(provider,
					new Long[] { until, System.nanoTime() + PAUSE_CACHE.toNanos() }));
	}

	private static Instant toInstant(long micros) {
		return Instant.ofEpochSecond(micros / 1_000_000, (micros % 1_000_000) * 1000);
	}

	private long micros() {
		Instant now = this.clock.instant();
		return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
	}

	private record TimedPermit(Permit slot, Instant sendBy) implements Permit {

		@Override
		public void release() {
			this.slot.release();
		}

	}

	private <T> Mono<T> waitFor(java.util.function.Supplier<Mono<T>> attempt, String provider, long deadline) {
		return Mono.defer(attempt).repeatWhenEmpty((attempts) -> attempts.concatMap((n) -> {
			if (this.clock.millis() > deadline) {
				return Mono.error(new PlatformBusyException(provider, this.clock.instant().plusSeconds(1)));
			}
			// Jittered, so that waiting instances do not poll in step.
			return Mono.delay(PERMIT_POLL.plusMillis(ThreadLocalRandom.current().nextInt(20)));
		}));
	}

}
