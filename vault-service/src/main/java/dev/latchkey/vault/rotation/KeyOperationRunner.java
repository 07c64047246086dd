package dev.latchkey.vault.rotation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.latchkey.crypto.SealingException;
import dev.latchkey.vault.credential.Deletions;
import dev.latchkey.vault.credential.StoredEnvelopes;
import dev.latchkey.vault.crypto.KeyRotation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;

/**
 * Runs key operations in pages, saving a checkpoint after each, and resumes the ones a
 * stopped or killed vault left running when it starts again (or when asked). Every change
 * is compare-and-set and skips what is already done, so a page done twice changes nothing
 * twice, and ingestion, refreshes and scans go on meanwhile.
 * <p>
 * A pass ends when a walk over the records finds nothing more; another pass follows while
 * records under an old key remain (written meanwhile by an instance that had not seen the
 * new key yet), at most {@link #PASSES}; what still remains then is reported.
 */
@Service
class KeyOperationRunner implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(KeyOperationRunner.class);

	static final int PASSES = 3;

	private static final int PAGE = 200;

	private static final int CONCURRENCY = 8;

	static final String OFFBOARDED = "TENANT_OFFBOARDED";

	/** MongoDB or the broker away: the page is tried again, the operation waits. */
	private static final Retry WAIT_FOR_STORE = Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
		.maxBackoff(Duration.ofSeconds(30))
		.filter((ex) -> !(ex instanceof SealingException) && !(ex instanceof IllegalArgumentException));

	private final KeyOperations operations;

	private final KeyRotation keys;

	private final StoredEnvelopes envelopes;

	private final Deletions deletions;

	private final Clock clock;

	/** Operations running in this instance. */
	private final Set<String> running = ConcurrentHashMap.newKeySet();

	private volatile Disposable resuming;

	KeyOperationRunner(KeyOperations operations, KeyRotation keys, StoredEnvelopes envelopes, Deletions deletions,
			Clock clock) {
		this.operations = operations;
		this.keys = keys;
		this.envelopes = envelopes;
		this.deletions = deletions;
		this.clock = clock;
	}

	/** Adds a new primary root key, then rewraps every tenant key under it. */
	Mono<KeyOperation> rotateRoot() {
		return Mono.fromCallable(this.keys::rotateRoot)
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((target) -> this.keys.countTenantsNotWrappedBy(target)
				.map((total) -> KeyOperation.start(newId("root"), KeyOperation.Kind.ROOT_REWRAP, null, target, total,
						now())))
			.flatMap(this::launch);
	}

	/**
	 * Adds a new primary key to the tenant's keyset, then rewraps its data keys under it.
	 * Empty when the tenant has no key.
	 */
	Mono<KeyOperation> rotateTenant(String tenantId) {
		return this.keys.rotateTenant(tenantId)
			.flatMap((target) -> this.envelopes.countNotUnder(tenantId, target)
				.map((total) -> KeyOperation.start(newId("tenant"), KeyOperation.Kind.TENANT_REWRAP, tenantId, target,
						total, now())))
			.flatMap(this::launch);
	}

	/**
	 * Destroys the tenant's key, then deletes (shreds and tombstones) each of its
	 * integrations. Idempotent: offboarding again resumes or reports the same operation.
	 */
	Mono<KeyOperation> offboard(String tenantId) {
		String id = "offboard-" + tenantId;
		return this.operations.find(id).flatMap((existing) -> {
			if (existing.isRunning()) {
				launchIfIdle(existing);
			}
			return Mono.just(existing);
		})
			.switchIfEmpty(Mono.defer(() -> this.keys.destroyTenantKey(tenantId)
				.then(this.deletions.undeletedOf(tenantId, null, Integer.MAX_VALUE).count())
				.map((total) -> KeyOperation.start(id, KeyOperation.Kind.OFFBOARD, tenantId, 0, total, now()))
				.flatMap(this::launch)));
	}

	/** Resumes every operation left running (by a crash, or by another instance). */
	Flux<KeyOperation> resume() {
		return this.operations.running().doOnNext(this::launchIfIdle);
	}

	Mono<KeyOperation> find(String id) {
		return this.operations.find(id);
	}

	Flux<KeyOperation> recent(int limit) {
		return this.operations.recent(limit);
	}

	/** Runs the operation to its end; completes with the first checkpoint saved. */
	private Mono<KeyOperation> launch(KeyOperation operation) {
		return this.operations.save(operation).doOnNext(this::launchIfIdle);
	}

	private void launchIfIdle(KeyOperation operation) {
		if (!this.running.add(operation.id())) {
			return;
		}
		logger.info("Key operation {} ({}{}) running from pass {}, {} of {} done", operation.id(), operation.kind(),
				(operation.tenantId() != null) ? " of tenant " + operation.tenantId() : "", operation.pass(),
				operation.done(), operation.total());
		Mono.just(operation)
			.expand((current) -> current.isRunning() ? step(current).retryWhen(WAIT_FOR_STORE) : Mono.empty())
			.last()
			.doFinally((signal) -> this.running.remove(operation.id()))
			.subscribe(
					(ended) -> logger.info(
							"Key operation {} done: {} changed, {} failed, {} still need an old key (passes {})",
							ended.id(), ended.done(), ended.failed(), ended.remaining(), ended.pass()),
					(ex) -> logger.warn("Key operation {} stopped; resume it with `rewrap --resume`: {}",
							operation.id(), ex.toString()));
	}

	/** One page of work and its checkpoint. */
	Mono<KeyOperation> step(KeyOperation operation) {
		Mono<KeyOperation> page = switch (operation.kind()) {
			case ROOT_REWRAP -> rootPage(operation);
			case TENANT_REWRAP -> tenantPage(operation);
			case OFFBOARD -> offboardPage(operation);
		};
		return page.flatMap(this.operations::save);
	}

	private Mono<KeyOperation> rootPage(KeyOperation operation) {
		return this.keys.tenantsNotWrappedBy(operation.targetKeyId(), operation.lastId(), PAGE)
			.collectList()
			.flatMap((tenants) -> {
				if (tenants.isEmpty()) {
					return endOfPass(operation, this.keys.countTenantsNotWrappedBy(operation.targetKeyId()));
				}
				return Flux.fromIterable(tenants)
					.flatMap(
							(tenant) -> this.keys.rewrapTenantKey(tenant)
								.map((changed) -> new Done(changed ? 1 : 0, null))
								.onErrorResume(SealingException.class,
										(ex) -> Mono.just(new Done(0, "tenant " + tenant + ": " + ex.getMessage()))),
							CONCURRENCY)
					.collectList()
					.map((results) -> afterPage(operation, tenants.get(tenants.size() - 1), results));
			});
	}

	private Mono<KeyOperation> tenantPage(KeyOperation operation) {
		String collection = StoredEnvelopes.COLLECTIONS.get(operation.phase());
		return this.envelopes
			.notUnder(collection, operation.tenantId(), operation.targetKeyId(), operation.lastId(), PAGE)
			.collectList()
			.flatMap((entries) -> {
				if (entries.isEmpty()) {
					if (operation.phase() + 1 < StoredEnvelopes.COLLECTIONS.size()) {
						return Mono.just(operation.nextPhase(now()));
					}
					return endOfPass(operation,
							this.envelopes.countNotUnder(operation.tenantId(), operation.targetKeyId()));
				}
				return Flux.fromIterable(entries)
					.flatMap(
							(entry) -> this.keys.rewrap(entry.where(), entry.envelope())
								.flatMap((next) -> (next == entry.envelope()) ? Mono.just(false)
										: this.envelopes.replace(entry, next))
								.map((changed) -> new Done(changed ? 1 : 0, null))
								.onErrorResume(SealingException.class,
										(ex) -> Mono
											.just(new Done(0, collection + " " + entry.id() + ": " + ex.getMessage()))),
							CONCURRENCY)
					.collectList()
					.map((results) -> afterPage(operation, entries.get(entries.size() - 1).id(), results));
			});
	}

	private Mono<KeyOperation> offboardPage(KeyOperation operation) {
		return this.deletions.undeletedOf(operation.tenantId(), operation.lastId(), PAGE)
			.collectList()
			.flatMap((integrations) -> {
				if (integrations.isEmpty()) {
					return endOfPass(operation,
							this.deletions.undeletedOf(operation.tenantId(), null, Integer.MAX_VALUE).count());
				}
				return Flux.fromIterable(integrations)
					.flatMap((integration) -> this.deletions.delete(operation.tenantId(), integration, OFFBOARDED)
						.map((deleted) -> new Done(1, null))
						.defaultIfEmpty(new Done(0, null)), CONCURRENCY)
					.collectList()
					.map((results) -> afterPage(operation, integrations.get(integrations.size() - 1), results));
			});
	}

	private KeyOperation afterPage(KeyOperation operation, String lastId, List<Done> results) {
		long changed = results.stream().mapToLong(Done::changed).sum();
		List<String> failures = new ArrayList<>();
		results.stream().map(Done::failure).filter((failure) -> failure != null).forEach(failures::add);
		return operation.afterPage(lastId, changed, failures, now());
	}

	private Mono<KeyOperation> endOfPass(KeyOperation operation, Mono<Long> remaining) {
		return remaining.map((left) -> {
			// Failed records stay under the old key; only others are worth another pass.
			boolean more = left > operation.failed() && operation.pass() < PASSES;
			return more ? operation.nextPass(now()) : operation.finished(left, now());
		});
	}

	@Override
	public void start() {
		this.resuming = resume()
			.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
				.maxBackoff(Duration.ofSeconds(30))
				.doBeforeRetry((signal) -> logger.warn("Cannot look for key operations to resume yet: {}",
						signal.failure().toString())))
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable running = this.resuming;
		if (running != null) {
			running.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		return this.resuming != null && !this.resuming.isDisposed();
	}

	private String newId(String kind) {
		return kind + "-" + now().toString().replace(':', '-') + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	private record Done(long changed, String failure) {

	}

}
