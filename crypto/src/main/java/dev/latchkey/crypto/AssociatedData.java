package dev.latchkey.crypto;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Context bound to a ciphertext: decrypting with any other context fails, so a ciphertext
 * copied to another tenant, integration, version or event is useless. Parts are
 * length-prefixed so that no two different contexts encode to the same bytes.
 */
public final class AssociatedData {

	private final byte[] bytes;

	private final String description;

	private AssociatedData(String purpose, String... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		write(out, "latchkey/v1/" + purpose);
		for (String part : parts) {
			write(out, Objects.requireNonNull(part, "associated data part"));
		}
		this.bytes = out.toByteArray();
		this.description = purpose + Arrays.toString(parts);
	}

	/** A credential sealed by the collector to the vault, bound to its event. */
	public static AssociatedData forSubmission(String tenantId, String integrationId, String eventId) {
		return new AssociatedData("submission", tenantId, integrationId, eventId);
	}

	/** A credential version at rest in the vault. */
	public static AssociatedData forStoredVersion(String tenantId, String integrationId, long version) {
		return new AssociatedData("stored", tenantId, integrationId, Long.toString(version));
	}

	/**
	 * A credential version at rest in the vault, with what is public about it: editing
	 * the provider, the name or a public field of the record, or giving it another
	 * version, makes it fail to open.
	 */
	public static AssociatedData forStoredVersion(String tenantId, String integrationId, long version, String provider,
			String name, Map<String, String> publicFields) {
		List<String> parts = new ArrayList<>(List.of(tenantId, integrationId, Long.toString(version), provider, name,
				Integer.toString(publicFields.size())));
		new TreeMap<>(publicFields).forEach((key, value) -> {
			parts.add(key);
			parts.add(value);
		});
		return new AssociatedData("stored/v2", parts.toArray(String[]::new));
	}

	/** A credential leased by the vault to one registered consumer. */
	public static AssociatedData forLease(String consumer, String tenantId, String integrationId, long version,
			String leaseId) {
		return new AssociatedData("lease", consumer, tenantId, integrationId, Long.toString(version), leaseId);
	}

	/**
	 * The vault's root keyset wrapped by a KMS key. Constant on purpose: the KMS key is
	 * what binds it to one deployment, and the wrapped file must stay valid when moved.
	 */
	public static AssociatedData forRootKeyset() {
		return new AssociatedData("root-keyset");
	}

	/** Any other purpose, such as a tenant key wrapped by the root key. */
	public static AssociatedData of(String purpose, String... parts) {
		return new AssociatedData(purpose, parts);
	}

	public byte[] bytes() {
		return this.bytes.clone();
	}

	private static void write(ByteArrayOutputStream out, String part) {
		byte[] utf8 = part.getBytes(StandardCharsets.UTF_8);
		out.write(utf8.length >>> 24);
		out.write(utf8.length >>> 16);
		out.write(utf8.length >>> 8);
		out.write(utf8.length);
		out.writeBytes(utf8);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof AssociatedData that && Arrays.equals(this.bytes, that.bytes);
	}

	@Override
	public int hashCode() {
		return Arrays.hashCode(this.bytes);
	}

	@Override
	public String toString() {
		return this.description;
	}

}
