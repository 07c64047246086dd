package dev.latchkey.scanner.probe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

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
 * Within an instance, at most {@code concurrency} requests even ask MongoDB.</li>
 * <li>Rate: collection {@code platform_rates}, one document per provider holding the next
 * free send time ({@code next}, epoch millis). A request takes the slot with a
 * compare-and-set that moves {@code next} one interval on (1 s / perSecond, stretched by
 * {@code rate-margin} so that network jitter cannot squeeze an extra request into any
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

	private final ReactiveMongoOperations mongo;

	private final Clock clock;

	private final ScannerProperties.Limits settings;

	private final Duration permitLifetime;

	private final Map<String, Semaphore> local = new ConcurrentHashMap<>();

	private final Set<String> slotsCreated = ConcurrentHashMap.newKeySet();

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
		return slot.flatMap((permit) -> rateSlot(provider, limit, deadline).thenReturn(permit)
			.onErrorResume((ex) -> Mono.fromRunnable(permit::release).then(Mono.error(ex))));
	}

	@Override
	public Mono<Void> pause(String provider, Instant until) {
		return this.mongo
			.upsert(Query.query(Criteria.where("_id").is(provider)), new Update().max("next", until.toEpochMilli()),
					RATES)
			.onErrorResume(DuplicateKeyException.class, (ex) -> pause(provider, until).then(Mono.empty()))
			.then();
	}

	private Mono<Permit> concurrencySlot(String provider, int concurrency, long deadline) {
		Semaphore gate = this.local.computeIfAbsent(provider + "#" + concurrency, (key) -> new Semaphore(concurrency));
		return waitFor(() -> gate.tryAcquire() ? Mono.just(true) : Mono.empty(), provider, deadline)
			.then(createSlots(provider, concurrency))
			.then(waitFor(() -> takeSlot(provider, concurrency), provider, deadline)
				.onErrorResume((ex) -> Mono.fromRunnable(gate::release).then(Mono.error(ex))))
			.map((taken) -> () -> freeSlot(taken).doFinally((signal) -> gate.release()).subscribe());
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

	/** Waits for the provider's next send time (and takes a rate slot if limited). */
	private Mono<Void> rateSlot(String provider, Scan.RateLimit limit, long deadline) {
		long interval = limit.limitsRate()
				? (long) Math.ceil(1000.0 / limit.perSecond() * (1 + this.settings.rateMargin())) : 0;
		return Mono.defer(() -> this.mongo.findById(provider, Document.class, RATES)
			.map((document) -> document.get("next", Number.class).longValue())
			.defaultIfEmpty(Long.MIN_VALUE)
			.flatMap((next) -> {
				long at = Math.max(this.clock.millis(), next);
				if (at > deadline) {
					return Mono.error(new PlatformBusyException(provider, Instant.ofEpochMilli(at)));
				}
				if (interval == 0) {
					return Mono.just(at);
				}
				return takeRate(provider, next, at + interval).flatMap((won) -> won ? Mono.just(at) : Mono.empty());
			}))
			.repeatWhenEmpty((attempts) -> attempts
				.concatMap((attempt) -> Mono.delay(Duration.ofMillis(ThreadLocalRandom.current().nextInt(1, 5)))))
			.flatMap((at) -> {
				long wait = at - this.clock.millis();
				return (wait > 0) ? Mono.delay(Duration.ofMillis(wait)).then() : Mono.empty();
			});
	}

	/** Compare-and-set of the provider's next send time. */
	private Mono<Boolean> takeRate(String provider, long expected, long next) {
		if (expected == Long.MIN_VALUE) {
			return this.mongo.insert(new Document("_id", provider).append("next", next), RATES)
				.thenReturn(true)
				.onErrorResume(DuplicateKeyException.class, (ex) -> Mono.just(false));
		}
		return this.mongo
			.updateFirst(Query.query(Criteria.where("_id").is(provider).and("next").is(expected)),
					new Update().set("next", next), RATES)
			.map((result) -> result.getModifiedCount() == 1);
	}

	private <T> Mono<T> waitFor(java.util.function.Supplier<Mono<T>> attempt, String provider, long deadline) {
		return Mono.defer(attempt).repeatWhenEmpty((attempts) -> attempts.concatMap((n) -> {
			if (this.clock.millis() > deadline) {
				return Mono.error(new PlatformBusyException(provider, this.clock.instant().plusSeconds(1)));
			}
			return Mono.delay(PERMIT_POLL);
		}));
	}

}
