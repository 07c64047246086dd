package dev.latchkey.status.integration;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Pushes each tenant's view to its subscribers: the snapshot, then every change, each
 * with the tenant's revision as id. A subscriber that comes back with the id of the last
 * event it saw gets only what it missed while this instance still remembers it, otherwise
 * a fresh snapshot.
 * <p>
 * A subscriber never holds up the view nor other subscribers: changes wait for it in a
 * bounded buffer, and when that is full it is dropped with a final {@code resync} event
 * telling it to reconnect.
 */
class StatusStream implements StatusView.Changes {

	private final StatusView view;

	private final int buffer;

	private final int maxSubscribersPerTenant;

	private final int history;

	private final Map<String, Tenant> tenants = new HashMap<>();

	/**
	 * @param buffer how many events may wait for one subscriber
	 * @param maxSubscribersPerTenant how many subscribers one tenant may have at once
	 * @param history how many recent changes per tenant a returning subscriber can resume
	 * from
	 */
	StatusStream(StatusView view, int buffer, int maxSubscribersPerTenant, int history) {
		this.view = view;
		this.buffer = buffer;
		this.maxSubscribersPerTenant = maxSubscribersPerTenant;
		this.history = history;
		view.announceTo(this);
	}

	/**
	 * The tenant's view as a stream: each subscription is one subscriber, which holds one
	 * of the tenant's places from when it subscribes until it cancels or the stream ends.
	 * @param lastEventId the id of the last event the subscriber saw, if it is coming
	 * back
	 * @return the events; a subscription fails with {@link TooManySubscribersException}
	 * when the tenant already has as many subscribers as allowed
	 */
	Flux<StreamEvent> open(String tenantId, String lastEventId) {
		// The place is taken on subscription, where its release (doFinally) is certain:
		// a stream that is never subscribed, e.g. when WebFlux answers 406, would
		// otherwise hold it until the next restart.
		return Flux.defer(() -> this.view.read(tenantId, (snapshot) -> {
			Subscriber subscriber = new Subscriber(this.buffer);
			List<StreamEvent> first = register(tenantId, subscriber, snapshot, lastEventId);
			return Flux.fromIterable(first)
				.concatWith(subscriber.events())
				.doFinally((signal) -> unregister(tenantId, subscriber));
		}));
	}

	/** How many subscribers the tenant has now. */
	synchronized int subscribers(String tenantId) {
		Tenant tenant = this.tenants.get(tenantId);
		return (tenant != null) ? tenant.subscribers.size() : 0;
	}

	@Override
	public synchronized void changed(StatusChange change) {
		Tenant tenant = this.tenants.computeIfAbsent(change.tenantId(), (id) -> new Tenant());
		tenant.recent.addLast(change);
		if (tenant.recent.size() > this.history) {
			tenant.recent.removeFirst();
		}
		StreamEvent event = StreamEvent.change(change);
		// A copy: a subscriber that is handed the event may leave while it is handed it.
		for (Subscriber subscriber : List.copyOf(tenant.subscribers)) {
			if (!subscriber.offer(event)) {
				tenant.subscribers.remove(subscriber);
			}
		}
	}

	private synchronized List<StreamEvent> register(String tenantId, Subscriber subscriber,
			StatusView.Snapshot snapshot, String lastEventId) {
		Tenant tenant = this.tenants.computeIfAbsent(tenantId, (id) -> new Tenant());
		if (tenant.subscribers.size() >= this.maxSubscribersPerTenant) {
			throw new TooManySubscribersException(this.maxSubscribersPerTenant);
		}
		tenant.subscribers.add(subscriber);
		return resume(tenant, snapshot, lastEventId);
	}

	private List<StreamEvent> resume(Tenant tenant, StatusView.Snapshot snapshot, String lastEventId) {
		if (lastEventId == null || lastEventId.isBlank()) {
			return List.of(StreamEvent.snapshot(snapshot));
		}
		if (lastEventId.equals(snapshot.revision())) {
			return List.of();
		}
		List<StreamEvent> missed = new ArrayList<>();
		for (Iterator<StatusChange> newestFirst = tenant.recent.descendingIterator(); newestFirst.hasNext();) {
			StatusChange change = newestFirst.next();
			missed.add(StreamEvent.change(change));
			if (change.previousRevision().equals(lastEventId)) {
				Collections.reverse(missed);
				return missed;
			}
		}
		return List.of(StreamEvent.snapshot(snapshot));
	}

	private synchronized void unregister(String tenantId, Subscriber subscriber) {
		Tenant tenant = this.tenants.get(tenantId);
		if (tenant != null) {
			tenant.subscribers.remove(subscriber);
		}
	}

	private static final class Tenant {

		private final List<Subscriber> subscribers = new ArrayList<>();

		private final Deque<StatusChange> recent = new ArrayDeque<>();

	}

	/** One subscriber's bounded buffer. */
	private static final class Subscriber {

		private final Sinks.Many<StreamEvent> sink;

		private volatile boolean dropped;

		Subscriber(int buffer) {
			Queue<StreamEvent> queue = new ArrayBlockingQueue<>(buffer);
			this.sink = Sinks.many().unicast().onBackpressureBuffer(queue);
		}

		/**
		 * @return whether the subscriber is still there
		 */
		boolean offer(StreamEvent event) {
			Sinks.EmitResult result = this.sink.tryEmitNext(event);
			if (result == Sinks.EmitResult.FAIL_OVERFLOW) {
				this.dropped = true;
				this.sink.tryEmitComplete();
				return false;
			}
			return result.isSuccess();
		}

		Flux<StreamEvent> events() {
			return this.sink.asFlux().concatWith(Mono.fromSupplier(() -> this.dropped ? StreamEvent.resync() : null));
		}

	}

}
