package org.dpop4j.core;

import java.time.Duration;

/**
 * Told of the outcome of every proof verification, for metrics. Register one with {@link
 * DpopVerifier.Builder#observer}; {@link DpopAuthenticator} reports its own refusals (of the
 * {@code Authorization} header and the access token) to the same observer.
 *
 * <p>Called on the request thread, so implementations must be thread-safe and quick. Whatever an
 * observer does, including throwing, never changes an outcome.
 */
public interface DpopObserver {

  /** An observer that ignores everything: the default. */
  DpopObserver NONE = new DpopObserver() {};

  /** A proof passed every check, replay included; {@code elapsed} is the whole verification. */
  default void accepted(VerifiedProof proof, Duration elapsed) {}

  /**
   * A request was refused. {@link RefusalReason#REPLAYED_PROOF} is a replay hit, the {@link
   * DpopError#USE_DPOP_NONCE} reasons are nonce challenges, and {@link
   * RefusalReason#REPLAY_STORE_UNAVAILABLE} is the replay store failing or full.
   */
  default void refused(RefusalReason reason, Duration elapsed) {}

  /** A {@code ValidatedTokenCache} answered with a token validated before. */
  default void tokenCacheHit() {}

  /** A {@code ValidatedTokenCache} had no valid entry: the token is validated. */
  default void tokenCacheMiss() {}
}
