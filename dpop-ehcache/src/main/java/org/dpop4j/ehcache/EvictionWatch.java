package org.dpop4j.ehcache;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.ehcache.event.CacheEvent;
import org.ehcache.event.CacheEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers when Ehcache last evicted a proof's entry. Any evicted proof may still be inside its
 * window (a stored lifetime does not tell), so the replay cache refuses every proof issued before
 * the latest eviction plus the clock skew allowance. Thread-safe.
 */
final class EvictionWatch implements CacheEventListener<String, Long> {

  private static final Logger LOG = LoggerFactory.getLogger(EhcacheReplayCache.class);

  private final Clock clock;
  private final long clockSkewMillis;
  private final AtomicLong lastEvictionMillis = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong evictedEntries = new AtomicLong();

  EvictionWatch(Clock clock, long clockSkewMillis) {
    this.clock = clock;
    this.clockSkewMillis = clockSkewMillis;
  }

  @Override
  public void onEvent(CacheEvent<? extends String, ? extends Long> event) {
    if (EhcacheReplayCache.EPOCH_KEY.equals(event.getKey())) {
      return; // a lost epoch marker is caught by the epoch check itself
    }
    long nowMillis = clock.millis();
    evictedEntries.incrementAndGet();
    lastEvictionMillis.accumulateAndGet(nowMillis, Math::max);
    LOG.warn(
        "DPoP replay store evicted an entry: proofs issued before {} are refused; give the"
            + " cache more room",
        Instant.ofEpochMilli(nowMillis + clockSkewMillis));
  }

  /** The latest eviction's time, {@link Long#MIN_VALUE} if there was none. */
  long lastEvictionMillis() {
    return lastEvictionMillis.get();
  }

  long evictedEntries() {
    return evictedEntries.get();
  }
}
