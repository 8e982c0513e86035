package org.dpop4j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.dpop4j.core.http.HttpRefusal;
import org.dpop4j.core.http.TokenEndpointProtection;
import org.dpop4j.core.internal.Digests;
import org.dpop4j.core.replay.InMemoryReplayCache;
import org.dpop4j.core.replay.ReplayCacheUnavailableException;
import org.dpop4j.testing.TestClock;
import org.dpop4j.testing.TestKey;
import org.junit.jupiter.api.Test;

/**
 * A flood of a million unique proofs against the default in-memory replay cache. Signing a
 * million proofs would take minutes, so the flood drives the cache with exactly the calls the
 * verifier makes for an accepted proof (the same key derivation and lifetime); a real signed proof
 * then meets the full cache through the verifier.
 */
class ReplayFloodTest {

  private static final int FLOOD = 1_000_000;
  private static final int MAXIMUM_SIZE = 100_000;
  /** The verifier's default maxAge + clockSkew: how long after its iat a proof is remembered. */
  private static final Duration REMEMBERED = Duration.ofSeconds(70);
  /** Retained bytes allowed per entry; measured about 200 on JDK 17. */
  private static final long BYTES_PER_ENTRY_BOUND = 400;

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  /** The replay-cache key the verifier records: SHA-256 of thumbprint and jti, base64url. */
  private static String replayKey(String thumbprint, String jti) {
    return Digests.sha256Base64Url(thumbprint + ':' + jti);
  }

  private static long retainedHeap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  @Test
  void stopsMemoryExhaustionByRefusingWhenFullInsteadOfGrowingOrForgetting()
      throws DpopException {
    TestClock clock = TestClock.startingNow();
    InMemoryReplayCache cache = InMemoryReplayCache.withMaximumSize(MAXIMUM_SIZE);
    long heapBefore = retainedHeap();
    int recorded = 0;
    int refusedAsFull = 0;
    String thumbprint = "flood-client-thumbprint";

    for (int i = 0; i < FLOOD; i++) {
      Instant issuedAt = clock.instant();
      try {
        if (cache.firstUse(
            replayKey(thumbprint, "jti-" + i), issuedAt, issuedAt.plus(REMEMBERED), issuedAt)) {
          recorded++;
        }
      } catch (ReplayCacheUnavailableException full) {
        refusedAsFull++;
      }
      if (i % 10_000 == 0) {
        assertThat(cache.size()).isLessThanOrEqualTo(MAXIMUM_SIZE);
      }
    }
    long heapGrowth = retainedHeap() - heapBefore;
    System.out.printf(
        "flood: %d unique proofs, %d recorded, %d refused as full, size %d, heap growth %d bytes%n",
        FLOOD, recorded, refusedAsFull, cache.size(), heapGrowth);

    assertThat(recorded).isEqualTo(MAXIMUM_SIZE);
    assertThat(refusedAsFull).isEqualTo(FLOOD - MAXIMUM_SIZE);
    assertThat(cache.size()).isEqualTo(MAXIMUM_SIZE);
    assertThat(heapGrowth).isLessThan(MAXIMUM_SIZE * BYTES_PER_ENTRY_BOUND);

    TestKey key = TestKey.generate("ES256");
    DpopVerifier verifier = DpopVerifier.builder().clock(clock).replayCache(cache).build();
    String target = "https://server.example.com/token";
    DpopRequest request =
        DpopRequest.toTokenEndpoint(
            "POST", URI.create(target), List.of(key.proof("POST", target).issuedAt(clock.instant()).sign()));
    assertThatThrownBy(() -> verifier.verify(request))
        .isInstanceOfSatisfying(
            DpopException.class,
            refused -> {
              assertThat(refused.reason()).isEqualTo(RefusalReason.REPLAY_STORE_UNAVAILABLE);
              HttpRefusal response = TokenEndpointProtection.of(verifier).refusal(refused);
              assertThat(response.status()).isEqualTo(503);
              assertThat(response.headers()).containsEntry("Retry-After", "5");
            });
  }

  @Test
  void aMillionUniqueProofsAtASustainableRateAreAllAcceptedWithinTheBound() {
    TestClock clock = TestClock.startingNow();
    InMemoryReplayCache cache = InMemoryReplayCache.withMaximumSize(MAXIMUM_SIZE);
    // 1,000 proofs a second, each remembered 70 s: at most 71,000 live entries.
    int perSecond = 1_000;
    long heapBefore = retainedHeap();
    int recorded = 0;
    int largestSize = 0;

    for (int i = 0; i < FLOOD; i++) {
      if (i % perSecond == 0) {
        clock.advance(Duration.ofSeconds(1));
      }
      Instant issuedAt = clock.instant();
      try {
        if (cache.firstUse(
            replayKey("client", "jti-" + i), issuedAt, issuedAt.plus(REMEMBERED), issuedAt)) {
          recorded++;
        }
      } catch (ReplayCacheUnavailableException full) {
        throw new AssertionError("refused below the bound at proof " + i, full);
      }
      largestSize = Math.max(largestSize, cache.size());
    }
    long heapGrowth = retainedHeap() - heapBefore;
    System.out.printf(
        "sustained: %d unique proofs, %d recorded, largest size %d, heap growth %d bytes%n",
        FLOOD, recorded, largestSize, heapGrowth);

    assertThat(recorded).isEqualTo(FLOOD);
    assertThat(largestSize).isLessThanOrEqualTo(71 * perSecond);
    assertThat(heapGrowth).isLessThan(MAXIMUM_SIZE * BYTES_PER_ENTRY_BOUND);
  }
}
