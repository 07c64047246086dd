package dev.latchkey.vault.lease;

import java.util.List;

import dev.latchkey.vault.consumer.Purpose;
import dev.latchkey.vault.consumer.RegisteredConsumer;
import dev.latchkey.vault.credential.CurrentCredentials;
import dev.latchkey.vault.lease.LeaseRefusedException.Reason;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * An integration's access log for its tenant: every lease attempt recorded for it, newest
 * first, a page at a time. Only a consumer whose scope holds {@code access-log} reads it,
 * and only for an integration of the tenant it names; anything else is refused like an
 * unknown integration.
 */
@Service
class AccessLog {

	static final int MAX_LIMIT = 200;

	private final CurrentCredentials credentials;

	private final LeaseAuditLog audit;

	AccessLog(CurrentCredentials credentials, LeaseAuditLog audit) {
		this.credentials = credentials;
		this.audit = audit;
	}

	/**
	 * @param cursor where the previous page ended, or {@code null}; an unreadable one
	 * fails with {@link IllegalArgumentException}, as does a limit outside 1 to
	 * {@link #MAX_LIMIT}
	 */
	Mono<Page> page(RegisteredConsumer consumer, String tenantId, String integrationId, String cursor, int limit) {
		if (!consumer.mayAct(Purpose.ACCESS_LOG)) {
			return Mono
				.error(new LeaseRefusedException(Reason.OUT_OF_SCOPE, consumer.name() + " may not read access logs"));
		}
		if (limit < 1 || limit > MAX_LIMIT) {
			return Mono.error(new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT));
		}
		AccessLogCursor after;
		try {
			after = (cursor != null) ? AccessLogCursor.decode(cursor) : null;
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(ex);
		}
		return this.credentials.find(integrationId)
			.filter((credential) -> credential.tenantId().equals(tenantId))
			.switchIfEmpty(Mono.error(() -> new LeaseRefusedException(Reason.NOT_FOUND,
					"No integration " + integrationId + " for the tenant " + consumer.name() + " named")))
			.flatMap((credential) -> this.audit.newestFirst(tenantId, integrationId, after, limit + 1))
			.map((entries) -> (entries.size() > limit)
					? new Page(entries.subList(0, limit), AccessLogCursor.after(entries.get(limit - 1)).encode())
					: new Page(entries, null));
	}

	/** One page, and the cursor of the next when there is one. */
	record Page(List<LeaseAudit> entries, String next) {

		Page {
			entries = List.copyOf(entries);
		}

	}

}
