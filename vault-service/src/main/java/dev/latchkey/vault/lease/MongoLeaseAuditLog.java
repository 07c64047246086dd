package dev.latchkey.vault.lease;

import java.util.Date;

import org.bson.Document;
import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.stereotype.Component;

/** Collection {@code lease_audit}, {@code _id} = lease id. */
@Component
class MongoLeaseAuditLog implements LeaseAuditLog {

	static final String COLLECTION = "lease_audit";

	private final ReactiveMongoTemplate mongo;

	MongoLeaseAuditLog(ReactiveMongoTemplate mongo) {
		this.mongo = mongo;
	}

	@Override
	public Mono<Void> record(LeaseAudit audit) {
		Document document = new Document("_id", audit.leaseId()).append("leaseId", audit.leaseId())
			.append("consumer", audit.consumer())
			.append("tenantId", audit.tenantId())
			.append("integrationId", audit.integrationId())
			.append("version", audit.version())
			.append("leasedAt", Date.from(audit.leasedAt()));
		return this.mongo.insert(document, COLLECTION).then();
	}

}
