package org.dpop4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.dpop4j.core.replay.InMemoryReplayCache;
import org.dpop4j.core.replay.ReplayCacheUnavailableException;
import org.dpop4j.core.testing.TestClock;
import org.junit.jupiter.api.Test;

class InMemoryReplayCacheTest {

  TestClock clock = TestClock.startingNow();

  Instant in(int seconds) {
    return clock.instant().plusSeconds(seconds);
  }

  @Test
  void firstUseWinsAndLaterUsesLose() throws Exception {
    InMemoryReplayCache cache = InMemoryReplayCache.withMaximumSize(10, clock);
    assertThat(cache.firstUse("k", clock.instant(), in(60))).isTrue();
    assertThat(cache.firstUse("k", clock.instant(), in(60))).isFalse();
    assertThat(cache.firstUse("k", clock.instant(), in(60))).isFalse();
  }

  @Test
  void anEntryIsForgottenOnlyAfterItExpires() throws Exception {
    InMemoryReplayCache cache = InMemoryReplayCache.withMaximumSize(10, clock);
    cache.firstUse("k", clock.instant(), in(60));

    clock.advance(Duration.ofSeconds(59));
    assertThat(cache.firstUse("k", clock.instant(), in(60))).isFalse();

    clock.advance(Duration.ofSeconds(1));
    assertThat(cache.firstUse("k", clock.instant(), in(60))).isTrue();
  }

  /** Eviction would let the evicted proof be replayed; a full cache must refuse instead. */
  @Test
  void fullCacheRefusesRatherThanEvictingLiveEntries() throws Exception {
    InMemoryReplayCache cache = InMemoryReplayCache.withMaximumSize(3, clock);
    for (int i = 0; i < 3; i++) {
      assertThat(cache.firstUse("k" + i, clock.instant(), in(60))).isTrue();
    }

    assertThatThrownBy(() -> cache.firstUse("k3", clock.instant(), in(60)))
        .isInstanceOf(ReplayCacheUnavailableException.class);
    assertThat(cache.firstUse("k0", clock.instant(), in(60))).isFalse();
  }

  @Test
  void expiredEntriesMakeRoomWithoutABackgroundThread() throws Exception {
    InMemoryReplayCache cache = InMemoryReplayCache.withMaximumSize(1000, clock);
    for (int round = 0; round < 50; round++) {
      for (int i = 0; i < 1000; i++) {
        assertThat(cache.firstUse(round + "-" + i, clock.instant(), in(60))).isTrue();
      }
      clock.advance(Duration.ofSeconds(61));
    }
    assertThat(cache.size()).isLessThanOrEqualTo(1000);
  }
}
