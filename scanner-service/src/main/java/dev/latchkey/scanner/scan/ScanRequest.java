package dev.latchkey.scanner.scan;

/**
 * A new credential version waits for verification.
 *
 * @param version the version announced by the vault; the scan verifies whatever version
 * is current when it leases
 */
record ScanRequest(String tenantId, String integrationId, String provider, long version) {
}
