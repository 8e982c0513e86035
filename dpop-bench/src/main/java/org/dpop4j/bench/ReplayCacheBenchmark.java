package org.dpop4j.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.dpop4j.core.replay.InMemoryReplayCache;
import org.dpop4j.core.replay.ReplayCache;
import org.dpop4j.core.replay.ReplayCacheUnavailableException;
import org.dpop4j.ehcache.EhcacheReplayCache;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Recording a proof's first use, as the verifier does once per accepted proof: every call a new
 * key of the verifier's form (base64url SHA-256). Each iteration is a batch of {@link #BATCH}
 * calls on an empty cache, so no cache ever fills up; the score is the time of the whole batch.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, batchSize = ReplayCacheBenchmark.BATCH)
@Measurement(iterations = 10, batchSize = ReplayCacheBenchmark.BATCH)
@State(Scope.Thread)
public class ReplayCacheBenchmark {

  static final int BATCH = 50_000;

  @Param({"in-memory", "ehcache-local"})
  public String store;

  private ReplayCache cache;
  private String[] keys;
  private int next;
  private Instant now;
  private Instant issuedAt;
  private Instant acceptedUntil;

  @Setup(Level.Trial)
  public void createKeys() {
    keys = new String[BATCH];
    byte[] digest = new byte[32];
    for (int i = 0; i < BATCH; i++) {
      digest[0] = (byte) i;
      digest[1] = (byte) (i >> 8);
      digest[2] = (byte) (i >> 16);
      keys[i] = Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }
  }

  @Setup(Level.Iteration)
  public void emptyCache() {
    cache =
        switch (store) {
          case "in-memory" -> InMemoryReplayCache.withMaximumSize(100_000);
          case "ehcache-local" ->
              EhcacheReplayCache.local().maxEntries(100_000).clockSkew(Duration.ZERO).build();
          default -> throw new IllegalArgumentException("no such store: " + store);
        };
    // A new Ehcache store refuses proofs issued before it existed, as after a loss of state.
    now = Instant.now();
    issuedAt = now.plusSeconds(1);
    acceptedUntil = issuedAt.plus(Duration.ofSeconds(70));
    next = 0;
  }

  @TearDown(Level.Iteration)
  public void closeCache() {
    if (cache instanceof EhcacheReplayCache ehcache) {
      ehcache.close();
    }
  }

  @Benchmark
  public boolean firstUse() throws ReplayCacheUnavailableException {
    return cache.firstUse(keys[next++], issuedAt, acceptedUntil, now);
  }
}
