package org.dpop4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.dpop4j.core.replay.InMemoryReplayCache;
import org.dpop4j.core.replay.ReplayCacheUnavailableException;
import org.dpop4j.testing.TestClock;
import org.junit.jupiter.api.Test;

class InMemoryReplayCacheTest {

  TestClock clock = TestClock.startingNow();

  Instant in(int seconds) {
    return clock.instant().plusSeconds(seconds);
  }

  /** A use of {@code key}, accepted until {@code acceptedUntil}, checked at the clock's now. */
  boolean firstUse(InMemoryReplayCache cache, String key, Instant acceptedUntil)
      throws ReplayCacheUnavailableException {
    return cache.firstUse(key, clock.instant(), acceptedUntil, clock.instant());
  }

  @Test
  void aSizeOutOfRangeIsRefusedByName() {
    assertThatThrownBy(() -> InMemoryReplayCache.withMaximumSize(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maximumSize");
    assertThatThrownBy(() -> InMemoryReplayCache.withMaximumSize(100_000_001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maximumSize");
  }

  @Test
  void firstUseWinsAndLaterUsesLose() throws Exception {
    InMemoryReplayCache cache = InMemoryReplayCache.withMaximumSize(10);
    assertThat(firstUse(cache, "k", in(60))).isTrue();
    assertThat(firstUse(cache, "k", in(60))).isFalse();
    assertThat(firstUse(cache, "k", in(60))).isFalse();
  }

  @Test
  void anEntryIsForgottenOnlyAfterTheLastAcceptedInstant() throws Exception {
    InMemoryReplayCache cache = InMemoryReplayCache.withMaximumSize(10);
    Instant lastAccepted = in(60);
    firstUse(cache, "k", lastAccepted);

    clock.set(lastAccepted);
    assertThat(firstUse(cache, "k", in(60))).as("at the last accepted instant").isFalse();

    clock.advance(Duration.ofNanos(1));
    assertThat(firstUse(cache, "k", in(60))).as("a new proof with the same jti").isTrue();
  }

  /** A proof whose window has ended cannot be vouched for; the verifier never asks for one. */
  @Test
  void proofWhoseWindowHasEndedIsNeverAFirstUse() throws Exception {
    InMemoryReplayCache cache = InMemoryReplayCache.withMaximumSize(10);
    assertThat(firstUse(cache, "k", in(-1))).isFalse();
  }

  /**
   * Attack: replay a proof at the very end of its window, from a request whose clock reading was
   * taken before another request's later reading made the cache forget the proof's entry (a
   * thread delayed between the verifier's check of the iat and the store).
   */
  @Test
  void replayDelayedPastTheRemovalOfItsEntryIsRefused() throws Exception {
    InMemoryReplayCache cache = InMemoryReplayCache.withMaximumSize(10);
    Instant issuedAt = clock.instant();
    Instant lastAccepted = issuedAt.plusSeconds(70);
    assertThat(cache.firstUse("captured", issuedAt, lastAccepted, issuedAt)).isTrue();

    Instant later = lastAccepted.plusMillis(1);
    assertThat(cache.firstUse("other", later, later.plusSeconds(70), later)).isTrue();

    assertThat(cache.firstUse("captured", issuedAt, lastAccepted, lastAccepted)).isFalse();
  }

  /** Eviction would let the evicted proof be replayed; a full cache must refuse instead. */
  @Test
  void fullCacheRefusesRatherThanEvictingLiveEntries() throws Exception {
    InMemoryReplayCache cache = InMemoryReplayCache.withMaximumSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(firstUse(cache, "k" + i, in(60))).isTrue();
    }

    assertThatThrownBy(() -> firstUse(cache, "k3", in(60)))
        .isInstanceOf(ReplayCacheUnavailableException.class);
    assertThat(firstUse(cache, "k0", in(60))).isFalse();
  }

  /**
   * Attack: keep a bounded cache "full" (503 for everyone) with entries that have expired. An
   * entry that lives long (iat ahead by the clock skew) inserted first must not keep the expired
   * ones behind it (iat a minute old) counted.
   */
  @Test
  void expiredEntriesBehindALongLivedOneDoNotCountAsFull() throws Exception {
    InMemoryReplayCache cache = InMemoryReplayCache.withMaximumSize(3);
    assertThat(firstUse(cache, "long-lived", in(80))).isTrue();
    assertThat(firstUse(cache, "short-lived-1", in(10))).isTrue();
    assertThat(firstUse(cache, "short-lived-2", in(10))).isTrue();

    clock.advance(Duration.ofSeconds(11));

    assertThat(firstUse(cache, "new-1", in(70))).isTrue();
    assertThat(firstUse(cache, "new-2", in(70))).isTrue();
    assertThat(cache.size()).isEqualTo(3);
    assertThat(firstUse(cache, "long-lived", in(70))).as("still remembered").isFalse();
    assertThatThrownBy(() -> firstUse(cache, "one-too-many", in(70)))
        .isInstanceOf(ReplayCacheUnavailableException.class);
  }

  @Test
  void expiredEntriesMakeRoomWithoutABackgroundThread() throws Exception {
    InMemoryReplayCache cache = InMemoryReplayCache.withMaximumSize(1000);
    for (int round = 0; round < 50; round++) {
      for (int i = 0; i < 1000; i++) {
        assertThat(firstUse(cache, round + "-" + i, in(60))).isTrue();
      }
      clock.advance(Duration.ofSeconds(61));
    }
    assertThat(cache.size()).isLessThanOrEqualTo(1000);
  }
}
