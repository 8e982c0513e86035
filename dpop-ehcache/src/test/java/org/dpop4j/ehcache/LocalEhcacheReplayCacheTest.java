package org.dpop4j.ehcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.dpop4j.core.replay.ReplayCacheUnavailableException;
import org.dpop4j.core.testing.TestClock;
import org.ehcache.config.units.MemoryUnit;
import org.junit.jupiter.api.Test;

class LocalEhcacheReplayCacheTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration WINDOW = Duration.ofSeconds(70);

  private final TestClock clock = TestClock.at(START);

  private EhcacheReplayCache cache(int maxEntries) {
    return EhcacheReplayCache.local().maxEntries(maxEntries).clock(clock).clockSkew(Duration.ZERO).build();
  }

  private static boolean check(EhcacheReplayCache cache, String key, Instant issuedAt)
      throws ReplayCacheUnavailableException {
    return cache.firstUse(key, issuedAt, issuedAt.plus(WINDOW));
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
  void entryExpiresWithItsProofWindowAndNotBefore() throws Exception {
    try (EhcacheReplayCache cache = cache(100)) {
      assertThat(check(cache, "jti-1", START)).isTrue();
      clock.advance(WINDOW.minusMillis(1));
      assertThat(check(cache, "jti-1", START)).as("still inside the window").isFalse();
      clock.advance(Duration.ofMillis(1));
      // Past the window the verifier refuses the proof by its iat; the store may forget it.
      assertThat(check(cache, "jti-1", clock.instant())).isTrue();
    }
  }

  @Test
  void proofWhoseWindowHasEndedIsNeverAFirstUse() throws Exception {
    try (EhcacheReplayCache cache = cache(100)) {
      assertThat(cache.firstUse("jti-1", START.minus(WINDOW), START)).isFalse();
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

      clock.advance(WINDOW);
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
