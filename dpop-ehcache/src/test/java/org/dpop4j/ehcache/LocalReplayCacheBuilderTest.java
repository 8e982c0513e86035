package org.dpop4j.ehcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import org.ehcache.config.units.MemoryUnit;
import org.junit.jupiter.api.Test;

/** The builder contract of {@link EhcacheReplayCache#local()}, options shared with the others. */
class LocalReplayCacheBuilderTest {

  @Test
  void nullsAreRefusedByName() {
    assertThatThrownBy(() -> EhcacheReplayCache.local().clock(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("clock");
    assertThatThrownBy(() -> EhcacheReplayCache.local().clockSkew(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("clockSkew");
    assertThatThrownBy(() -> EhcacheReplayCache.local().offHeap(1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("offHeap unit");
  }

  @Test
  void valuesOutOfRangeAreRefusedByName() {
    for (int maxEntries : new int[] {0, -1, Integer.MAX_VALUE}) {
      assertThatThrownBy(() -> EhcacheReplayCache.local().maxEntries(maxEntries))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("maxEntries ");
    }
    for (long size : new long[] {0, -1, Long.MAX_VALUE}) {
      assertThatThrownBy(() -> EhcacheReplayCache.local().offHeap(size, MemoryUnit.MB))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("offHeap ");
    }
    for (Duration skew : new Duration[] {Duration.ofMillis(-1), Duration.ofHours(1).plusMillis(1)}) {
      assertThatThrownBy(() -> EhcacheReplayCache.local().clockSkew(skew))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("clockSkew ");
    }
  }

  @Test
  void theRangesIncludeTheirBounds() {
    EhcacheReplayCache.local().maxEntries(1);
    EhcacheReplayCache.local().maxEntries(Integer.MAX_VALUE - 1);
    EhcacheReplayCache.local().clockSkew(Duration.ZERO);
    EhcacheReplayCache.local().clockSkew(Duration.ofHours(1));
    try (EhcacheReplayCache cache = EhcacheReplayCache.local().maxEntries(1).build()) {
      assertThat(cache.evictedEntries()).isZero();
    }
  }

  @Test
  void anOptionSetTwiceIsRefusedByName() {
    assertThatThrownBy(() -> EhcacheReplayCache.local().maxEntries(10).maxEntries(20))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maxEntries is already set");
    assertThatThrownBy(
            () -> EhcacheReplayCache.local().offHeap(1, MemoryUnit.MB).offHeap(2, MemoryUnit.MB))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("offHeap is already set");
    assertThatThrownBy(
            () -> EhcacheReplayCache.local().clock(Clock.systemUTC()).clock(Clock.systemUTC()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("clock is already set");
    assertThatThrownBy(
            () -> EhcacheReplayCache.local().clockSkew(Duration.ZERO).clockSkew(Duration.ZERO))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("clockSkew is already set");
  }

  @Test
  void anOffHeapTooSmallForMaxEntriesIsRefusedByBuild() {
    LocalReplayCacheBuilder builder =
        EhcacheReplayCache.local().offHeap(1, MemoryUnit.MB).maxEntries(1_000_000);
    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offHeap")
        .hasMessageContaining("maxEntries");
  }
}
