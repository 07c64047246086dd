package dev.latchkey.vault.rotation;

import java.util.List;

import dev.latchkey.vault.credential.StoredEnvelopes;
import dev.latchkey.vault.crypto.KeyRotation;
import dev.latchkey.vault.crypto.KeyRotation.KeyState;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.stereotype.Service;

/**
 * Which keys exist and what still needs them; disables old keys only when nothing does
 * (the minimum decryption version), and otherwise says what still needs them.
 */
@Service
class KeyInventory {

	private static final int LISTED = 20;

	private final KeyRotation keys;

	private final StoredEnvelopes envelopes;

	KeyInventory(KeyRotation keys, StoredEnvelopes envelopes) {
		this.keys = keys;
		this.envelopes = envelopes;
	}

	Mono<Keys> root() {
		long primary = this.keys.rootPrimaryKeyId();
		return this.keys.countTenantsNotWrappedBy(primary)
			.map((old) -> new Keys("root", this.keys.rootKeys(), "tenant keys", old));
	}

	/** Empty when the tenant has no key (or it was destroyed). */
	Mono<Keys> tenant(String tenantId) {
		return this.keys.tenantKeys(tenantId)
			.flatMap((states) -> this.envelopes.countNotUnder(tenantId, states.get(0).id())
				.map((old) -> new Keys("tenant " + tenantId, states, "data keys", old)));
	}

	Mono<Disabled> disableOldRootKeys() {
		long primary = this.keys.rootPrimaryKeyId();
		return this.keys.countTenantsNotWrappedBy(primary).flatMap((old) -> {
			if (old > 0) {
				return this.keys.tenantsNotWrappedBy(primary, null, LISTED)
					.map((tenant) -> "tenant key of " + tenant)
					.collectList()
					.map((needing) -> Disabled.refused(old, needing));
			}
			return Mono.fromCallable(this.keys::disableOldRootKeys)
				.subscribeOn(Schedulers.boundedElastic())
				.map(Disabled::done);
		});
	}

	Mono<Disabled> disableOldTenantKeys(String tenantId) {
		return this.keys.tenantPrimaryKeyId(tenantId)
			.flatMap((primary) -> this.envelopes.countNotUnder(tenantId, primary).flatMap((old) -> {
				if (old > 0) {
					return Flux.fromIterable(StoredEnvelopes.COLLECTIONS)
						.concatMap((collection) -> this.envelopes.notUnder(collection, tenantId, primary, null, LISTED)
							.map((entry) -> collection + " " + entry.id() + " (tenant key "
									+ entry.envelope().tenantKeyId() + ")"))
						.take(LISTED)
						.collectList()
						.map((needing) -> Disabled.refused(old, needing));
				}
				return this.keys.disableOldTenantKeys(tenantId).map(Disabled::done);
			}));
	}

	/**
	 * @param keys the keyset's keys, primary first
	 * @param olderWraps how many of {@code wrapped} are still wrapped by a key other than
	 * the primary
	 */
	record Keys(String keyset, List<KeyState> keys, String wrapped, long olderWraps) {

	}

	/**
	 * @param disabled the key ids disabled now
	 * @param needing records that still need an old key (first few), when refused
	 */
	record Disabled(boolean refused, List<Long> disabled, long stillNeeded, List<String> needing) {

		static Disabled refused(long stillNeeded, List<String> needing) {
			return new Disabled(true, List.of(), stillNeeded, needing);
		}

		static Disabled done(List<Long> disabled) {
			return new Disabled(false, disabled, 0, List.of());
		}

	}

}
