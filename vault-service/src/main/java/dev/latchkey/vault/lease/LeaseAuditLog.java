package dev.latchkey.vault.lease;

import reactor.core.publisher.Mono;

/** Where every lease is recorded before it is handed out. */
interface LeaseAuditLog {

	Mono<Void> record(LeaseAudit audit);

}
