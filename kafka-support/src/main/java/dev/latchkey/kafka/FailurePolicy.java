package dev.latchkey.kafka;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.RetriableException;

import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * Tells the two kinds of failure apart. A <em>poison</em> record can never be processed:
 * its bytes cannot be read while the registry answers (or name a schema it does not
 * have), or a service declared the failure final ({@link PoisonRecords}: a sealed payload
 * that does not open, an event naming another tenant's integration). Everything else — an
 * unreachable registry, vault, MongoDB or broker, a timeout, a concurrent update, a
 * failure nobody classified — is waited out: the record is retried until it succeeds,
 * never skipped.
 */
public final class FailurePolicy {

	private static final List<String> REGISTRY_CLIENT_PACKAGES = List.of("io.apicurio.rest.client.",
			"io.apicurio.registry.rest.client.");

	private static final int MAX_REASON = 500;

	/** Magic byte and content id of the Confluent wire format. */
	private static final int WIRE_HEADER = 5;

	private final List<Class<? extends Throwable>> poison;

	private final SchemaLookup registry;

	private final Map<Throwable, Boolean> verdicts = Collections.synchronizedMap(new WeakHashMap<>());

	FailurePolicy(Collection<Class<? extends Throwable>> poison, SchemaLookup registry) {
		this.poison = List.copyOf(poison);
		this.registry = registry;
	}

	/** Whether the record that failed so can never be processed and is dead-lettered. */
	public boolean isPoison(Throwable failure) {
		return this.verdicts.computeIfAbsent(failure, this::judge);
	}

	private boolean judge(Throwable failure) {
		for (Throwable cause : chain(failure)) {
			if (cause instanceof DeserializationException unreadable) {
				return isUnreadable(unreadable.getData());
			}
		}
		if (isInfrastructure(failure)) {
			return false;
		}
		for (Throwable cause : chain(failure)) {
			for (Class<? extends Throwable> type : this.poison) {
				if (type.isInstance(cause)) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Bytes that failed to deserialize are poison unless the registry is away: bytes not
	 * in the wire format (magic byte 0, a 4-byte content id) at once; otherwise when the
	 * registry answers for their schema, whether it has it (the bytes themselves are bad)
	 * or says it has none.
	 */
	private boolean isUnreadable(byte[] data) {
		if (data == null || data.length < WIRE_HEADER || data[0] != 0) {
			return true;
		}
		long contentId = ByteBuffer.wrap(data, 1, 4).getInt() & 0xffffffffL;
		return this.registry.contentId(contentId) != SchemaLookup.Answer.UNAVAILABLE;
	}

	/**
	 * Whether the failure is a dependency that did not answer (I/O, a timeout, a
	 * retriable broker error, the registry unreachable or failing): such a failure says
	 * nothing about the record.
	 */
	static boolean isInfrastructure(Throwable failure) {
		for (Throwable cause : chain(failure)) {
			if (cause instanceof IOException || cause instanceof TimeoutException || cause instanceof RetriableException
					|| isRegistryUnavailable(cause)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The registry's client reports an unreachable or failing registry with its own
	 * exceptions; only "not found" says something about the record (a schema id the
	 * registry does not know).
	 */
	private static boolean isRegistryUnavailable(Throwable cause) {
		String type = cause.getClass().getName();
		return REGISTRY_CLIENT_PACKAGES.stream().anyMatch(type::startsWith) && !type.contains("NotFound");
	}

	/** The failure and its causes, each once. */
	static List<Throwable> chain(Throwable failure) {
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		List<Throwable> chain = new ArrayList<>();
		for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
			chain.add(cause);
		}
		return chain;
	}

	/** The failure past the listener container's wrappers. */
	static Throwable unwrapped(Throwable failure) {
		Throwable reason = failure;
		while ((reason instanceof ListenerExecutionFailedException || reason instanceof BatchListenerFailedException)
				&& reason.getCause() != null) {
			reason = reason.getCause();
		}
		return reason;
	}

	/**
	 * The failure in one line for logs and dead-letter headers: the exception past the
	 * listener's wrapper, its class and bounded message, and the class of its root cause.
	 * Messages of Latchkey's exceptions name ids only, never a secret value.
	 */
	static String reason(Throwable failure) {
		Throwable reason = unwrapped(failure);
		List<Throwable> chain = chain(reason);
		Throwable root = chain.get(chain.size() - 1);
		String message = (reason.getMessage() != null) ? reason.getMessage().replaceAll("\\s+", " ") : "";
		String text = reason.getClass().getName() + (message.isEmpty() ? "" : ": " + message);
		if (root != reason) {
			text += " (root cause " + root.getClass().getName() + ")";
		}
		return (text.length() > MAX_REASON) ? text.substring(0, MAX_REASON) : text;
	}

}
