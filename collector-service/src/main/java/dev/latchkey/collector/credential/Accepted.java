package dev.latchkey.collector.credential;

/** A submission the broker has acknowledged; the vault stores it next. */
record Accepted(IntegrationId integrationId, String provider, String name) {
}
