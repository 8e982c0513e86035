package org.dpop4j.ehcache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dpop4j.core.replay.ReplayCacheUnavailableException;
import org.dpop4j.testing.TerracottaServer;
import org.dpop4j.testing.TerracottaServerExtension;
import org.ehcache.config.units.MemoryUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TerracottaServerExtension.class)
class ClusteredEvictionTest {

  /**
   * Attack: flood a clustered tier with unique jtis until the server evicts the entry of a
   * captured proof, then replay that proof. The eviction moves the refusal line: every proof
   * issued before it is refused.
   */
  @Test
  void evictionByTheServerRefusesEveryProofIssuedBeforeIt(TerracottaServer server)
      throws Exception {
    try (EhcacheReplayCache cache =
        EhcacheReplayCache.clustered(server.uri("eviction"))
            .size(1, MemoryUnit.MB)
            .timeout(Duration.ofSeconds(10))
            .clockSkew(Duration.ZERO)
            .build()) {
      Instant issuedAt = Instant.now().plusSeconds(1);
      Instant expiresAt = issuedAt.plusSeconds(300);
      assertThat(cache.firstUse("captured", issuedAt, expiresAt, Instant.now())).isTrue();

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      AtomicInteger next = new AtomicInteger();
      ExecutorService flooders = Executors.newFixedThreadPool(4);
      try {
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          running.add(
              flooders.submit(
                  () -> {
                    while (cache.evictedEntries() == 0 && System.nanoTime() < deadline) {
                      try {
                        cache.firstUse("flood-" + next.incrementAndGet(), issuedAt, expiresAt, Instant.now());
                      } catch (ReplayCacheUnavailableException e) {
                        return; // refused once evictions began: what this test is after
                      }
                    }
                  }));
        }
        for (Future<?> flooder : running) {
          flooder.get();
        }
      } finally {
        flooders.shutdownNow();
      }
      assertThat(cache.evictedEntries()).as("the server evicted").isPositive();
      // Whichever entries went, none of their proofs is accepted again: a key absent from the
      // store but issued before the eviction stands for any of them.
      assertThatThrownBy(() -> cache.firstUse("evicted-or-never-seen", issuedAt, expiresAt, Instant.now()))
          .isInstanceOf(ReplayCacheUnavailableException.class)
          .hasMessageContaining("lost entries");
      assertThat(refusedOrReportedAsReplay(cache, "captured", issuedAt, expiresAt)).isTrue();
      Instant afterTheEviction = Instant.now().plusSeconds(1);
      assertThat(cache.firstUse("new-proof", afterTheEviction, afterTheEviction.plusSeconds(70), Instant.now()))
          .isTrue();
    }
  }

  private static boolean refusedOrReportedAsReplay(
      EhcacheReplayCache cache, String key, Instant issuedAt, Instant expiresAt) {
    try {
      return !cache.firstUse(key, issuedAt, expiresAt, Instant.now());
    } catch (ReplayCacheUnavailableException refused) {
      return true;
    }
  }
}
