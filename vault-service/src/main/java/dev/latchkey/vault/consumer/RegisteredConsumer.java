package dev.latchkey.vault.consumer;

import java.util.EnumSet;
import java.util.Set;

import dev.latchkey.crypto.RequestVerifier;
import dev.latchkey.crypto.Sealer;

/**
 * A consumer of the internal API as registered: its name, the public key its requests are
 * verified with, the public key its leases are sealed to, and its scope — the purposes it
 * may act for and, for leases, the providers whose credentials it may receive. Handlers
 * under {@code /internal/} receive the authenticated one as a parameter of this type.
 */
public final class RegisteredConsumer {

	/** The exchange attribute holding the authenticated consumer. */
	public static final String ATTRIBUTE = RegisteredConsumer.class.getName();

	private final String name;

	private final Set<Purpose> purposes;

	private final Set<String> providers;

	private final Sealer sealer;

	private final RequestVerifier verifier;

	/**
	 * @param providers the providers whose credentials it may lease, or {@code null} for
	 * any
	 * @param sealer seals leases to its HPKE public key; {@code null} when it leases
	 * nothing
	 */
	public RegisteredConsumer(String name, Set<Purpose> purposes, Set<String> providers, Sealer sealer,
			RequestVerifier verifier) {
		this.name = name;
		this.purposes = purposes.isEmpty() ? EnumSet.noneOf(Purpose.class) : EnumSet.copyOf(purposes);
		this.providers = (providers != null) ? Set.copyOf(providers) : null;
		this.sealer = sealer;
		this.verifier = verifier;
	}

	public String name() {
		return this.name;
	}

	public boolean mayAct(Purpose purpose) {
		return this.purposes.contains(purpose);
	}

	/** Whether it may receive a credential of this provider for this purpose. */
	public boolean mayLease(Purpose purpose, String provider) {
		return purpose.leases() && mayAct(purpose) && this.sealer != null
				&& (this.providers == null || this.providers.contains(provider));
	}

	/** Seals a lease to this consumer; only for a purpose {@link #mayLease} allows. */
	public Sealer sealer() {
		if (this.sealer == null) {
			throw new IllegalStateException("Consumer " + this.name + " has no lease key");
		}
		return this.sealer;
	}

	RequestVerifier verifier() {
		return this.verifier;
	}

	@Override
	public String toString() {
		return this.name + " " + this.purposes.stream().map(Purpose::wire).toList()
				+ ((this.providers != null) ? " leasing " + this.providers.stream().sorted().toList() : "");
	}

}
