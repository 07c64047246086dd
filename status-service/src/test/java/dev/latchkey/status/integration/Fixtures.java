package dev.latchkey.status.integration;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.latchkey.schemas.IntegrationStatusChanged;

/** Named test data for status events and statuses. */
final class Fixtures {

	static final String TENANT_A = "tenant-a";

	static final String TENANT_B = "tenant-b";

	static final Instant CREATED = Instant.parse("2026-11-20T10:15:30Z");

	private Fixtures() {
	}

	/**
	 * Tenant A's demo integration named default, verified and usable, scanned every six
	 * hours.
	 */
	static IntegrationStatus anActiveDemo() {
		return new IntegrationStatus("int_demo_a", TENANT_A, "demo", "default", IntegrationState.ACTIVE, 2,
				Map.of("account", "acme-demo"), CREATED.plusSeconds(60), CREATED, CREATED.plusSeconds(60),
				CREATED.plusSeconds(60), "VERIFIED", CREATED.plusSeconds(60), CREATED.plusSeconds(60 + 21600),
				List.of(anAccountFinding()), 21600L);
	}

	static Finding anAccountFinding() {
		return new Finding("ACCOUNT", "INFO", "Connected to demo account acme-demo.", Map.of("account", "acme-demo"));
	}

	/** Tenant A's Twilio integration named default, stored but not verified yet. */
	static IntegrationStatus aPendingTwilio() {
		return new IntegrationStatus("int_twilio_a", TENANT_A, "twilio", "default",
				IntegrationState.PENDING_VERIFICATION, 1, Map.of("accountSid", "AC0000"), CREATED, CREATED, CREATED,
				null, "RECEIVED");
	}

	/** Tenant A's second Twilio integration, named backup, rejected by Twilio. */
	static IntegrationStatus anInvalidTwilioBackup() {
		return new IntegrationStatus("int_twilio_backup_a", TENANT_A, "twilio", "backup", IntegrationState.INVALID, 1,
				Map.of("accountSid", "AC0001"), CREATED, CREATED, CREATED, null, "REJECTED_BY_PLATFORM");
	}

	/** A status of a new integration of the given tenant and provider. */
	static IntegrationStatus anIntegration(String tenantId, String provider, String name, IntegrationState state) {
		return new IntegrationStatus("int_" + UUID.randomUUID(), tenantId, provider, name, state, 1, Map.of(), CREATED,
				CREATED, CREATED, (state == IntegrationState.ACTIVE) ? CREATED : null, reasonFor(state));
	}

	/** The same integration, later in its life. */
	static IntegrationStatus changed(IntegrationStatus status, IntegrationState state, long version,
			Instant occurredAt) {
		return new IntegrationStatus(status.integrationId(), status.tenantId(), status.provider(), status.name(), state,
				version, status.publicFields(), occurredAt, status.createdAt(), occurredAt,
				(state == IntegrationState.ACTIVE) ? occurredAt : status.lastVerifiedAt(), reasonFor(state));
	}

	/** The event the vault publishes for this status. */
	static IntegrationStatusChanged anEventOf(IntegrationStatus status) {
		return IntegrationStatusChanged.newBuilder()
			.setEventId(UUID.randomUUID().toString())
			.setTenantId(status.tenantId())
			.setIntegrationId(status.integrationId())
			.setProvider(status.provider())
			.setName(status.name())
			.setOccurredAt(status.occurredAt())
			.setState(status.state().name())
			.setVersion(status.version())
			.setPublicFields(status.publicFields())
			.setCreatedAt(status.createdAt())
			.setUpdatedAt(status.updatedAt())
			.setLastVerifiedAt(status.lastVerifiedAt())
			.setReason(status.reason())
			.setLastCheckedAt(status.lastCheckedAt())
			.setNextCheckAt(status.nextCheckAt())
			.setFindings(status.findings()
				.stream()
				.map((finding) -> dev.latchkey.schemas.Finding.newBuilder()
					.setCode(finding.code())
					.setSeverity(finding.severity())
					.setMessage(finding.message())
					.setAttributes(finding.attributes())
					.build())
				.toList())
			.setScanEverySeconds(status.scanEverySeconds())
			.build();
	}

	private static String reasonFor(IntegrationState state) {
		return switch (state) {
			case PENDING_VERIFICATION -> "RECEIVED";
			case ACTIVE -> "VERIFIED";
			case INVALID -> "REJECTED_BY_PLATFORM";
			case ERROR -> "PLATFORM_UNREACHABLE";
			case REAUTH_REQUIRED -> "REFRESH_REJECTED";
			case EXPIRED -> "TOKEN_EXPIRED";
		};
	}

}
