package org.dpop4j.core.token;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.RefusalReason;

/**
 * Refusals of tokens, reused for a few seconds so that a token sent again and again costs one
 * introspection call; bounded, least recently used dropped first, and apart from the accepted
 * tokens' cache so that a flood of junk tokens cannot push those out. Thread-safe.
 */
final class RefusalCache {

  private record CachedRefusal(RefusalReason reason, Instant until) {}

  private final Duration duration;
  // Access-ordered, eldest first; guarded by itself.
  private final Map<String, CachedRefusal> refusals;

  /** Refusals kept for {@code duration}, at most {@code maxEntries}; zero keeps none. */
  RefusalCache(Duration duration, int maxEntries) {
    this.duration = duration;
    this.refusals =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, CachedRefusal> eldest) {
            return size() > maxEntries;
          }
        };
  }

  /** Throws the refusal cached under {@code key} when it is still fresh at {@code now}. */
  void throwIfRefused(String key, Instant now) throws DpopException {
    synchronized (refusals) {
      CachedRefusal refused = refusals.get(key);
      if (refused != null && refused.until().isAfter(now)) {
        throw new DpopException(refused.reason());
      }
      refusals.remove(key);
    }
  }

  /** Caches a verdict on the token itself; an unreachable endpoint must be asked again. */
  void remember(String key, DpopException refusal, Instant now) {
    if (duration.isZero() || refusal.reason() == RefusalReason.TOKEN_VALIDATION_UNAVAILABLE) {
      return;
    }
    synchronized (refusals) {
      refusals.put(key, new CachedRefusal(refusal.reason(), now.plus(duration)));
    }
  }
}
