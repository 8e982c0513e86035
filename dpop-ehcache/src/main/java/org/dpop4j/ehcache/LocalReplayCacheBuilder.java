package org.dpop4j.ehcache;

import org.ehcache.config.CacheConfiguration;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.ConfigurationBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.EntryUnit;
import org.ehcache.config.units.MemoryUnit;

/** Builds a cache in this JVM, for a single node: {@link EhcacheReplayCache#local()}. */
public final class LocalReplayCacheBuilder extends ReplayCacheBuilder<LocalReplayCacheBuilder> {

  static final int DEFAULT_MAX_ENTRIES = 100_000;
  /** What an entry takes off the heap, roughly; an off-heap tier must hold every entry. */
  static final long OFF_HEAP_BYTES_PER_ENTRY = 256;
  /** The heap tier in front of an off-heap one. */
  private static final long HEAP_ENTRIES_BEFORE_OFF_HEAP = 10_000;

  private Integer maxEntries;
  private Long offHeapBytes;

  LocalReplayCacheBuilder() {}

  @Override
  LocalReplayCacheBuilder self() {
    return this;
  }

  /**
   * The most proofs remembered at once; past it new proofs are refused (503) until entries
   * expire, rather than evicting one that could then be replayed. Size it for the peak rate of
   * proofs times their acceptance window plus {@link #clockSkew}. From 1 to {@code
   * Integer.MAX_VALUE - 1}. Default: 100 000.
   */
  public LocalReplayCacheBuilder maxEntries(int maxEntries) {
    this.maxEntries = options.setWithin("maxEntries", maxEntries, 1, Integer.MAX_VALUE - 1);
    return this;
  }

  /**
   * Keeps the entries off the Java heap, in {@code size} of direct memory, with a small heap
   * tier in front. It must hold {@link #maxEntries} entries (about 256 bytes each), which {@link
   * #build()} checks.
   */
  public LocalReplayCacheBuilder offHeap(long size, MemoryUnit unit) {
    this.offHeapBytes = options.set("offHeap", bytes(size, unit, "offHeap"));
    return this;
  }

  /**
   * Starts the cache.
   *
   * @throws IllegalArgumentException if the {@link #offHeap} size cannot hold {@link #maxEntries}
   */
  @Override
  public EhcacheReplayCache build() {
    int entries = maxEntries != null ? maxEntries : DEFAULT_MAX_ENTRIES;
    // One more than the budget: the epoch marker lives in the same cache.
    long slots = entries + 1L;
    ResourcePoolsBuilder pools;
    if (offHeapBytes == null) {
      pools = ResourcePoolsBuilder.newResourcePoolsBuilder().heap(slots, EntryUnit.ENTRIES);
    } else {
      if (offHeapBytes < slots * OFF_HEAP_BYTES_PER_ENTRY) {
        throw new IllegalArgumentException(
            "offHeap of " + offHeapBytes + " bytes cannot hold maxEntries " + entries);
      }
      pools =
          ResourcePoolsBuilder.newResourcePoolsBuilder()
              .heap(Math.min(slots, HEAP_ENTRIES_BEFORE_OFF_HEAP), EntryUnit.ENTRIES)
              .offheap(offHeapBytes, MemoryUnit.B);
    }
    CacheConfiguration<String, Long> cache =
        failClosed(
                CacheConfigurationBuilder.newCacheConfigurationBuilder(
                    String.class, Long.class, pools),
                false)
            .build();
    return EhcacheReplayCache.startLocal(
        ConfigurationBuilder.newConfigurationBuilder()
            .withCache(EhcacheReplayCache.DEFAULT_CACHE_ALIAS, cache)
            .build(),
        EhcacheReplayCache.DEFAULT_CACHE_ALIAS,
        clockOrDefault(),
        clockSkewOrDefault(),
        entries);
  }
}
