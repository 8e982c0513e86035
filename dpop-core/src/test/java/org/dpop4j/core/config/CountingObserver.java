package org.dpop4j.core.config;

import java.util.concurrent.atomic.AtomicInteger;
import org.dpop4j.core.DpopObserver;

/** An observer named by {@code dpop.observer}: counts token-cache lookups in static counters. */
public final class CountingObserver implements DpopObserver {

  static final AtomicInteger HITS = new AtomicInteger();
  static final AtomicInteger MISSES = new AtomicInteger();

  @Override
  public void tokenCacheHit() {
    HITS.incrementAndGet();
  }

  @Override
  public void tokenCacheMiss() {
    MISSES.incrementAndGet();
  }
}
