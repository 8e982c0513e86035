package org.dpop4j.ehcache;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.dpop4j.core.replay.ReplayCacheUnavailableException;
import org.dpop4j.testing.TerracottaServer;

/**
 * Measures the cost of one {@code firstUse} (first uses and replays), locally and against a real
 * Terracotta server on this machine, one thread. Not a test: run it by hand, with the test class
 * path and {@code -Dterracotta.kit=...}, to refresh the numbers in the README.
 */
public final class MeasureCheckCost {

  private static final int WARM_UP = 5_000;
  private static final int MEASURED = 10_000;

  private MeasureCheckCost() {}

  public static void main(String[] args) throws Exception {
    try (EhcacheReplayCache local =
        EhcacheReplayCache.local().maxEntries(100_000).clockSkew(Duration.ZERO).build()) {
      report("local", local, WARM_UP * 4, MEASURED * 4);
    }
    try (TerracottaServer server = TerracottaServer.startOnFreePorts();
        EhcacheReplayCache clustered =
            EhcacheReplayCache.clustered(server.uri("measure")).clockSkew(Duration.ZERO).build()) {
      report("clustered", clustered, WARM_UP, MEASURED);
    }
  }

  private static void report(String name, EhcacheReplayCache cache, int warmUp, int measured)
      throws ReplayCacheUnavailableException {
    run(cache, name + "-warm-up-", warmUp);
    long[] firstUses = run(cache, name + "-", measured);
    long[] replays = run(cache, name + "-", measured);
    System.out.printf("%s first use: %s%n%s replay:    %s%n", name, summary(firstUses), name, summary(replays));
  }

  private static long[] run(EhcacheReplayCache cache, String prefix, int count)
      throws ReplayCacheUnavailableException {
    long[] nanos = new long[count];
    for (int i = 0; i < count; i++) {
      // A second ahead: the first check creates the epoch, which must precede every iat.
      Instant issuedAt = Instant.now().plusSeconds(1);
      long started = System.nanoTime();
      cache.firstUse(prefix + i, issuedAt, issuedAt.plusSeconds(70), Instant.now());
      nanos[i] = System.nanoTime() - started;
    }
    return nanos;
  }

  private static String summary(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    double mean = Arrays.stream(sorted).average().orElse(0) / 1_000;
    return String.format(
        "mean %.1f us, p50 %.1f us, p99 %.1f us (%d checks)",
        mean,
        sorted[sorted.length / 2] / 1_000.0,
        sorted[(int) (sorted.length * 0.99)] / 1_000.0,
        sorted.length);
  }
}
