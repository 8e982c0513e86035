package org.dpop4j.ehcache;

import java.time.Duration;
import java.util.function.Supplier;
import org.ehcache.expiry.ExpiryPolicy;

/**
 * Each proof's entry stores its own lifetime: the time left, by the verifier's reading, until its
 * proof's acceptance window ends, plus the clock skew margin. Ehcache adds it to its own reading
 * at the insert, which is no earlier, so the entry outlives the window. The epoch marker never
 * expires.
 *
 * <p>The lifetime must not be computed from "now" here: a clustered tier resolves its operations
 * later, when read, and adds the result to the insertion's timestamp. {@code expiresAt - now}
 * evaluated at that later time shortened every entry (to half its window, for a read near the
 * end), letting a proof be replayed inside its window.
 */
final class ProofWindowExpiry implements ExpiryPolicy<String, Long> {

  @Override
  public Duration getExpiryForCreation(String key, Long lifetimeMillis) {
    return EhcacheReplayCache.EPOCH_KEY.equals(key)
        ? ExpiryPolicy.INFINITE
        : Duration.ofMillis(lifetimeMillis);
  }

  /** Reading an entry must not extend it. */
  @Override
  public Duration getExpiryForAccess(String key, Supplier<? extends Long> value) {
    return null;
  }

  /** Entries are never updated in place; keep the expiry if that ever happens. */
  @Override
  public Duration getExpiryForUpdate(String key, Supplier<? extends Long> oldValue, Long newValue) {
    return null;
  }
}
