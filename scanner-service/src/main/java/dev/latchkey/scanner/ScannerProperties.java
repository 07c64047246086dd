package dev.latchkey.scanner;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the scanner reaches the vault and the platforms, and where its lease key is.
 *
 * @param vaultUrl base URL of the vault's internal API
 * @param consumerName the name the vault knows this scanner by: it signs its requests
 * under it, and it is part of every lease's associated data
 * @param probeTimeout connect and response timeout of each platform probe
 * @param vaultTimeout timeout of each lease request
 * @param keys the scanner's key material
 * @param schedule how due scans are claimed, planned and retried
 * @param limits how long a scan waits for a platform's limits
 * @param findings thresholds of the findings that need no probe
 */
@Validated
@ConfigurationProperties("latchkey.scanner")
public record ScannerProperties(@NotNull @DefaultValue("http://localhost:8082") URI vaultUrl,
		@NotBlank @DefaultValue("scanner") String consumerName, @NotNull @DefaultValue("5s") Duration probeTimeout,
		@NotNull @DefaultValue("10s") Duration vaultTimeout, @NotNull @DefaultValue Keys keys,
		@NotNull @DefaultValue Schedule schedule, @NotNull @DefaultValue Limits limits,
		@NotNull @DefaultValue Findings findings) {

	/**
	 * The claim loop and the planning of scans.
	 *
	 * @param enabled whether this instance claims and runs scans at all
	 * @param owner this instance's name on its claims; blank = host name + a random
	 * suffix
	 * @param claimInterval how often due integrations are claimed
	 * @param claimBatch at most this many claims per round
	 * @param claimLifetime how long a claim holds; a killed instance's claims are taken
	 * over once it passed (longer than a lease plus a probe)
	 * @param maxInFlight scans of this instance running at once
	 * @param jitter each period is stretched or shrunk by up to this fraction
	 * @param failuresBeforeError transient failures in a row before ERROR is reported
	 * @param retryBackoff delay after the first transient failure, doubling
	 * @param maxRetryBackoff the longest retry delay
	 * @param infrastructureBackoff delay after the vault failed, doubling
	 * @param maxInfrastructureBackoff the longest delay after the vault failed
	 */
	public record Schedule(@DefaultValue("true") boolean enabled, @DefaultValue("") String owner,
			@NotNull @DefaultValue("1s") Duration claimInterval, @Positive @DefaultValue("100") int claimBatch,
			@NotNull @DefaultValue("60s") Duration claimLifetime, @Positive @DefaultValue("64") int maxInFlight,
			@PositiveOrZero @DefaultValue("0.1") double jitter, @Positive @DefaultValue("3") int failuresBeforeError,
			@NotNull @DefaultValue("2s") Duration retryBackoff, @NotNull @DefaultValue("5m") Duration maxRetryBackoff,
			@NotNull @DefaultValue("1s") Duration infrastructureBackoff,
			@NotNull @DefaultValue("30s") Duration maxInfrastructureBackoff) {
	}

	/**
	 * @param maxWait the longest a claimed scan waits for a platform's limits before it
	 * is put back for later
	 * @param rateMargin rate slots are this fraction longer than 1 s / perSecond
	 */
	public record Limits(@NotNull @DefaultValue("10s") Duration maxWait,
			@PositiveOrZero @DefaultValue("0.04") double rateMargin) {
	}

	/**
	 * @param expiryHorizon an OAuth token expiring within this is an {@code EXPIRES_SOON}
	 * finding
	 * @param credentialAge a credential version older than this is a
	 * {@code CREDENTIAL_AGE} finding (time to rotate)
	 */
	public record Findings(@NotNull @DefaultValue("7d") Duration expiryHorizon,
			@NotNull @DefaultValue("90d") Duration credentialAge) {
	}

	/**
	 * The scanner's two private keysets: the HPKE one whose public part the vault seals
	 * leases to, and the Ed25519 one whose public part the vault verifies its requests
	 * with, both registered for this consumer. Each inline (JSON or base64 of JSON) or
	 * from a file.
	 *
	 * @param leaseKeysetFile path of the lease keyset file
	 * @param leaseKeyset the lease keyset itself, taking precedence over the file
	 * @param signingKeysetFile path of the signing keyset file
	 * @param signingKeyset the signing keyset itself, taking precedence over the file
	 */
	public record Keys(Path leaseKeysetFile, String leaseKeyset, Path signingKeysetFile, String signingKeyset) {

		public boolean isConfigured() {
			return (this.leaseKeyset != null && !this.leaseKeyset.isBlank()) || this.leaseKeysetFile != null;
		}

		public boolean isSigningConfigured() {
			return (this.signingKeyset != null && !this.signingKeyset.isBlank()) || this.signingKeysetFile != null;
		}

		@Override
		public String toString() {
			return "Keys[leaseKeysetFile=" + this.leaseKeysetFile + ", leaseKeyset="
					+ ((this.leaseKeyset != null) ? "(redacted)" : null) + ", signingKeysetFile="
					+ this.signingKeysetFile + ", signingKeyset=" + ((this.signingKeyset != null) ? "(redacted)" : null)
					+ "]";
		}

	}

}
