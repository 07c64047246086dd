package dev.latchkey.vault.assessment;

import java.util.List;

import dev.latchkey.vault.consumer.Purpose;
import dev.latchkey.vault.consumer.RegisteredConsumer;
import dev.latchkey.vault.credential.Assessment;
import dev.latchkey.vault.credential.CurrentCredentials;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Service;

/**
 * An integration's scan history for its tenant, newest first, a page at a time. Read with
 * purpose {@code access-log} (like the access log: a history the collector serves to the
 * tenant, which the operator may read too). An integration of another tenant, a deleted
 * one and an unknown one are all empty answers, which the API turns into the one refusal.
 */
@Service
class Assessments {

	static final int MAX_LIMIT = 200;

	private final CurrentCredentials credentials;

	private final AssessmentLog log;

	Assessments(CurrentCredentials credentials, AssessmentLog log) {
		this.credentials = credentials;
		this.log = log;
	}

	/**
	 * @param cursor where the previous page ended, or {@code null}; an unreadable one
	 * fails with {@link IllegalArgumentException}, as does a limit outside 1 to
	 * {@link #MAX_LIMIT}
	 * @return the page, or empty when the consumer may not read it or the tenant has no
	 * such integration
	 */
	Mono<Page> page(RegisteredConsumer consumer, String tenantId, String integrationId, String cursor, int limit) {
		if (!consumer.mayAct(Purpose.ACCESS_LOG)) {
			return Mono.empty();
		}
		if (limit < 1 || limit > MAX_LIMIT) {
			return Mono.error(new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT));
		}
		AssessmentCursor after;
		try {
			after = (cursor != null) ? AssessmentCursor.decode(cursor) : null;
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(ex);
		}
		return this.credentials.find(integrationId)
			.filter((credential) -> credential.tenantId().equals(tenantId) && !credential.isDeleted())
			.flatMap((credential) -> this.log.newestFirst(tenantId, integrationId, after, limit + 1))
			.map((entries) -> (entries.size() > limit)
					? new Page(entries.subList(0, limit), AssessmentCursor.after(entries.get(limit - 1)).encode())
					: new Page(entries, null));
	}

	/** One page, and the cursor of the next when there is one. */
	record Page(List<Assessment> entries, String next) {

		Page {
			entries = List.copyOf(entries);
		}

	}

}
