package org.dpop4j.core.replay;

import java.time.Instant;

/**
 * Remembers which proofs have been used, so that each is accepted at most once.
 *
 * <p>Implementations must make {@link #firstUse} a single atomic operation on the store (never a
 * read followed by a write) and must be safe for concurrent use. When the store cannot answer with
 * certainty (unreachable, too slow, full, or it lost its state) they throw
 * {@link ReplayCacheUnavailableException}; they never report a first use they cannot vouch for.
 *
 * <p>The verifier reads its clock once per proof: it accepts the {@code iat} by that {@code now},
 * and passes the same {@code now} here. A store must not decide by a later reading of its own
 * that an entry has expired: a replay whose two readings straddle the end of the window would be
 * accepted. An entry may be forgotten only once an instant after its {@code acceptedUntil} has
 * been seen, by any caller or by the store itself. Because a caller may arrive with an older
 * {@code now} (a thread delayed since its reading), a store reports a first use only if, read
 * after its insert, no instant by which it may already have forgotten an entry of that proof has
 * been seen; otherwise it answers {@code false}. A store whose own expiry runs on its own clock
 * (Ehcache) reads that clock after the insert for this check, and should keep entries a margin
 * past {@code acceptedUntil} to cover the spread of its nodes' clocks.
 */
public interface ReplayCache {

  /**
   * Records {@code key} as used, and tells whether this was its first use.
   *
   * @param key an opaque, fixed-length key derived from the proof's key thumbprint and {@code jti}
   * @param issuedAt the proof's {@code iat}; stores that may lose state use it to refuse proofs
   *     issued before the loss
   * @param acceptedUntil the last instant at which the verifier accepts the proof ({@code iat +
   *     maxAge + clockSkew}), included: a replay at that very instant must still find the entry
   * @param now the verifier's clock reading that accepted the {@code iat}; never after {@code
   *     acceptedUntil} when it comes from the verifier. Expiry is decided by it.
   * @return {@code true} if this call recorded the first use, {@code false} if the key was already
   *     recorded, or the proof's window ended before the store could vouch for it
   * @throws ReplayCacheUnavailableException if the store cannot answer with certainty
   */
  boolean firstUse(String key, Instant issuedAt, Instant acceptedUntil, Instant now)
      throws ReplayCacheUnavailableException;
}
