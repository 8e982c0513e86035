package org.dpop4j.ehcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.dpop4j.core.RefusalReason;
import org.dpop4j.core.replay.ReplayCacheUnavailableException;
import org.dpop4j.testing.TestClock;
import org.ehcache.config.units.MemoryUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalEhcacheReplayCacheTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration WINDOW = Duration.ofSeconds(70);

  private final TestClock clock = TestClock.at(START);

  private EhcacheReplayCache cache(int maxEntries) {
    return EhcacheReplayCache.local().maxEntries(maxEntries).clock(clock).clockSkew(Duration.ZERO).build();
  }

  /** A use of the proof issued at {@code issuedAt}, checked at the clock's now. */
  private boolean check(EhcacheReplayCache cache, String key, Instant issuedAt)
      throws ReplayCacheUnavailableException {
    return cache.firstUse(key, issuedAt, issuedAt.plus(WINDOW), clock.instant());
  }

  @Test
  void replayedProofIsRefused() throws Exception {
    try (EhcacheReplayCache cache = cache(100)) {
      assertThat(check(cache, "jti-1", START)).isTrue();
      assertThat(check(cache, "jti-1", START)).isFalse();
      assertThat(check(cache, "jti-2", START)).isTrue();
    }
  }

  @Test
  void entryExpiresAfterTheLastAcceptedInstantAndNotBefore() throws Exception {
    try (EhcacheReplayCache cache = cache(100)) {
      assertThat(check(cache, "jti-1", START)).isTrue();
      clock.advance(WINDOW);
      assertThat(check(cache, "jti-1", START)).as("at the last accepted instant").isFalse();
      clock.advance(Duration.ofMillis(1));
      // Past the window the verifier refuses the proof by its iat; the store may forget it.
      assertThat(check(cache, "jti-1", clock.instant())).as("a new proof, same jti").isTrue();
    }
  }

  /** The clock skew margin: entries outlive the window, for nodes whose clocks are ahead. */
  @Test
  void entryIsKeptTheClockSkewPastItsWindow() throws Exception {
    try (EhcacheReplayCache cache =
        EhcacheReplayCache.local().clock(clock).clockSkew(Duration.ofSeconds(10)).build()) {
      // Ahead by the skew: the epoch, taken now by this first check, plus the skew.
      Instant issuedAt = START.plusSeconds(10);
      assertThat(check(cache, "jti-1", issuedAt)).isTrue();
      clock.set(issuedAt.plus(WINDOW).plusSeconds(10));
      Instant newProof = clock.instant();
      assertThat(check(cache, "jti-1", newProof)).as("within the margin").isFalse();
      clock.advance(Duration.ofMillis(1));
      assertThat(check(cache, "jti-1", newProof)).as("past the margin").isTrue();
    }
  }

  @Test
  void proofWhoseWindowHasEndedIsNeverAFirstUse() throws Exception {
    try (EhcacheReplayCache cache = cache(100)) {
      Instant issuedAt = START.minus(WINDOW).minusMillis(1);
      assertThat(cache.firstUse("jti-1", issuedAt, issuedAt.plus(WINDOW), START)).isFalse();
    }
  }

  /**
   * Attack: replay a used proof at the last instant its {@code iat} is accepted, under load, so
   * that Ehcache reads its clock later than the verifier did and sees the entry expired.
   */
  @ParameterizedTest
  @ValueSource(longs = {0, 1, 1_000, 3_600_000})
  void replayAtTheLastAcceptedInstantIsRefused(long millisPerClockReading) throws Exception {
    try (EhcacheReplayCache cache = cache(100)) {
      WindowEndReplays.acceptedBy(cache, clock).assertReplaysAreRefusedUpToTheEndOfTheWindow(
          Duration.ofMillis(millisPerClockReading),
          RefusalReason.REPLAYED_PROOF, RefusalReason.IAT_TOO_OLD);
    }
  }

  /**
   * Attack: replay a proof at the end of its window from a check whose clock reading is older
   * than the one of another check that removed the proof's entry to make room.
   */
  @Test
  void replayDelayedPastTheRemovalOfItsEntryIsRefused() throws Exception {
    try (EhcacheReplayCache cache = cache(2)) {
      assertThat(check(cache, "captured", START)).isTrue();
      assertThat(check(cache, "fills-the-cache", START)).isTrue();
      clock.set(START.plus(WINDOW).plusMillis(1));
      assertThat(check(cache, "makes-room", clock.instant())).isTrue();

      assertThat(cache.firstUse("captured", START, START.plus(WINDOW), START.plus(WINDOW)))
          .isFalse();
    }
  }

  /**
   * Attack: keep a bounded cache "full" (503 for everyone) with entries that have expired. An
   * entry that lives longer (iat ahead by the clock skew) inserted first must not keep the expired
   * ones inserted after it counted.
   */
  @Test
  void expiredEntriesBehindALongLivedOneDoNotCountAsFull() throws Exception {
    try (EhcacheReplayCache cache = cache(3)) {
      assertThat(check(cache, "long-lived", START.plusSeconds(10))).isTrue();
      assertThat(check(cache, "short-lived-1", START)).isTrue();
      assertThat(check(cache, "short-lived-2", START)).isTrue();

      clock.set(START.plus(WINDOW).plusMillis(1));

      assertThat(check(cache, "new-1", clock.instant())).isTrue();
      assertThat(check(cache, "new-2", clock.instant())).isTrue();
      assertThat(check(cache, "long-lived", START.plusSeconds(10))).as("still remembered").isFalse();
      assertThatThrownBy(() -> check(cache, "one-too-many", clock.instant()))
          .isInstanceOf(ReplayCacheUnavailableException.class)
          .hasMessageContaining("full");
      assertThat(cache.evictedEntries()).isZero();
    }
  }

  /**
   * Attack: flood the cache with unique jtis until it evicts the entry of a captured proof, then
   * replay that proof. The cache refuses new proofs instead of evicting live ones.
   */
  @Test
  void floodOfUniqueJtisIsRefusedOnceFullAndEvictsNothing() throws Exception {
    try (EhcacheReplayCache cache = cache(1_000)) {
      for (int i = 0; i < 1_000; i++) {
        assertThat(check(cache, "flood-" + i, START)).isTrue();
      }
      for (int i = 1_000; i < 1_500; i++) {
        String key = "flood-" + i;
        assertThatThrownBy(() -> check(cache, key, START))
            .isInstanceOf(ReplayCacheUnavailableException.class)
            .hasMessageContaining("full");
      }
      for (int i = 0; i < 1_000; i++) {
        assertThat(check(cache, "flood-" + i, START)).as("still remembered").isFalse();
      }
      assertThat(cache.evictedEntries()).isZero();

      clock.advance(WINDOW.plusMillis(1));
      assertThat(check(cache, "after-the-window", clock.instant())).isTrue();
    }
  }

  @Test
  void offHeapCacheKeepsTheSameBoundWithoutEvicting() throws Exception {
    try (EhcacheReplayCache cache =
        EhcacheReplayCache.local()
            .maxEntries(20_000)
            .offHeap(16, MemoryUnit.MB)
            .clock(clock)
            .clockSkew(Duration.ZERO)
            .build()) {
      for (int i = 0; i < 20_000; i++) {
        assertThat(check(cache, "flood-" + i, START)).isTrue();
      }
      assertThatThrownBy(() -> check(cache, "one-too-many", START))
          .isInstanceOf(ReplayCacheUnavailableException.class);
      for (int i = 0; i < 20_000; i += 97) {
        assertThat(check(cache, "flood-" + i, START)).isFalse();
      }
      assertThat(cache.evictedEntries()).isZero();
    }
  }

  @Test
  void offHeapTooSmallForTheBoundIsRejected() {
    assertThatThrownBy(
            () -> EhcacheReplayCache.local().maxEntries(1_000_000).offHeap(1, MemoryUnit.MB).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Attack: replay, right after an application restart, a proof the previous process accepted. A
   * fresh cache's epoch is its first check; proofs issued before it plus the skew are refused.
   */
  @Test
  void proofIssuedBeforeTheCacheStartedIsRefused() throws Exception {
    try (EhcacheReplayCache cache =
        EhcacheReplayCache.local().clock(clock).clockSkew(Duration.ofSeconds(10)).build()) {
      assertThatThrownBy(() -> check(cache, "accepted-by-the-previous-process", START.minusSeconds(5)))
          .isInstanceOf(ReplayCacheUnavailableException.class)
          .hasMessageContaining("lost entries");
      assertThatThrownBy(() -> check(cache, "issued-within-the-skew", START.plusSeconds(9)))
          .isInstanceOf(ReplayCacheUnavailableException.class);
      clock.advance(Duration.ofSeconds(10));
      assertThat(check(cache, "issued-after-the-skew", clock.instant())).isTrue();
    }
  }
}
