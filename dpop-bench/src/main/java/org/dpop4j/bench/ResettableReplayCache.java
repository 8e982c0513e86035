package org.dpop4j.bench;

import java.time.Instant;
import org.dpop4j.core.replay.InMemoryReplayCache;
import org.dpop4j.core.replay.ReplayCache;
import org.dpop4j.core.replay.ReplayCacheUnavailableException;

/**
 * The default in-memory replay cache, which a benchmark can empty between laps of its proof
 * pool, so that reusing a proof measures verification again instead of a replay refusal.
 */
final class ResettableReplayCache implements ReplayCache {

  private static final int SIZE = 100_000;
  // Volatile: the servlet benchmark resets it on its own thread and Tomcat's threads read it.
  private volatile InMemoryReplayCache delegate = InMemoryReplayCache.withMaximumSize(SIZE);

  void reset() {
    delegate = InMemoryReplayCache.withMaximumSize(SIZE);
  }

  @Override
  public boolean firstUse(String key, Instant issuedAt, Instant acceptedUntil, Instant now)
      throws ReplayCacheUnavailableException {
    return delegate.firstUse(key, issuedAt, acceptedUntil, now);
  }
}
