package dev.latchkey.vault.lease;

import dev.latchkey.vault.consumer.Purpose;
import dev.latchkey.vault.consumer.RefusedRequest;
import dev.latchkey.vault.consumer.RefusedRequests;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * A lease request refused before it was authenticated is a lease attempt too: it goes
 * into the audit, and so into the tenant's access log, under the consumer name it claimed
 * and marked unauthenticated. What it asked for is read from its body only to record it.
 * Other internal paths are not lease attempts and are left to the log.
 */
@Component
class RefusedLeaseRequests implements RefusedRequests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Recorded values are cut to this length: the body was not authenticated. */
	private static final int MAX_RECORDED = 128;

	private final LeaseAuditLog audit;

	RefusedLeaseRequests(LeaseAuditLog audit) {
		this.audit = audit;
	}

	@Override
	public Mono<Void> record(RefusedRequest request) {
		if (!"POST".equals(request.method()) || !LeaseRequest.PATH.equals(request.path())) {
			return Mono.empty();
		}
		JsonNode body = read(request.body());
		String purpose = text(body, "purpose");
		return this.audit.record(LeaseAudit.refused(request.claimedConsumer(), false,
				(purpose != null) ? Purpose.fromWire(purpose).map(Purpose::wire).orElse("(unknown)") : null,
				text(body, "tenantId"), text(body, "integrationId"), null, request.reason(), request.at()));
	}

	private static JsonNode read(byte[] body) {
		try {
			return JSON.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static String text(JsonNode body, String field) {
		if (body == null || !body.isObject() || !body.path(field).isString()) {
			return null;
		}
		String value = body.path(field).asString();
		return (value.length() > MAX_RECORDED) ? value.substring(0, MAX_RECORDED) : value;
	}

}
