package dev.latchkey.collector.scan;

import java.time.Instant;

/** A tenant asked for one of its integrations to be scanned now. */
public record ScanRequest(String eventId, String tenantId, String integrationId, String provider, Instant requestedAt) {

}
