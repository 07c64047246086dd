package dev.latchkey.vaultclient;

import java.time.Instant;

/**
 * One lease attempt as the vault audited it. Never a secret.
 *
 * @param at when it was asked for
 * @param consumer who asked: the authenticated consumer, or the name a caller claimed
 * when {@code authenticated} is false
 * @param purpose {@code scan}, {@code refresh}, … as asked ({@code null} when the request
 * could not be read)
 * @param version the version leased (or found when refused), {@code null} when none
 * @param outcome {@code GRANTED} or {@code REFUSED}
 * @param reason why it was refused ({@code null} when granted), e.g.
 * {@code BAD_SIGNATURE}, {@code OUT_OF_SCOPE}, {@code NOT_FOUND}
 */
public record AccessLogEntry(Instant at, String consumer, boolean authenticated, String purpose, Long version,
		String outcome, String reason) {

}
