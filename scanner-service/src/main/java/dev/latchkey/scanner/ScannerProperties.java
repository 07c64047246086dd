package dev.latchkey.scanner;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

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
 */
@Validated
@ConfigurationProperties("latchkey.scanner")
public record ScannerProperties(@NotNull @DefaultValue("http://localhost:8082") URI vaultUrl,
		@NotBlank @DefaultValue("scanner") String consumerName, @NotNull @DefaultValue("5s") Duration probeTimeout,
		@NotNull @DefaultValue("10s") Duration vaultTimeout, @NotNull @DefaultValue Keys keys) {

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
