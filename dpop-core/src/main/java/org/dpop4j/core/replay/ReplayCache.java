package org.dpop4j.core.replay;

import java.time.Instant;

/**
 * Remembers which proofs have been used, so that each is accepted at most once.
 *
 * <p>Implementations must make {@link #firstUse} a single atomic operation on the store (never a
 * read followed by a write) and must be safe for concurrent use. When the store cannot answer with
 * certainty (unreachable, too slow, full, or it lost its state) they throw
 * {@link ReplayCacheUnavailableException}; they never report a first use they cannot vouch for.
 */
public interface ReplayCache {

  /**
   * Records {@code key} as used until {@code expiresAt}.
   *
   * @param key an opaque, fixed-length key derived from the proof's key thumbprint and {@code jti}
   * @param issuedAt the proof's {@code iat}; stores that may lose state use it to refuse proofs
   *     issued before the loss
   * @param expiresAt when the proof stops being acceptable anyway, so the entry may be forgotten
   * @return {@code true} if this call recorded the first use, {@code false} if the key was already
   *     recorded and has not expired
   * @throws ReplayCacheUnavailableException if the store cannot answer with certainty
   */
  boolean firstUse(String key, Instant issuedAt, Instant expiresAt)
      throws ReplayCacheUnavailableException;
}
