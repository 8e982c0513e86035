package org.dpop4j.ehcache;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One node of the cross-JVM race, run as its own {@code java} process: connects, prints {@code
 * READY}, waits for a line on standard input, then races every key on several threads and prints
 * {@code WON key} for each first use it was granted and {@code FAILED ...} for any error.
 *
 * <p>Arguments: terracotta URI, cache alias, number of keys, number of threads.
 */
public final class RaceClient {

  private RaceClient() {}

  public static void main(String[] args) throws Exception {
    URI uri = URI.create(args[0]);
    String alias = args[1];
    int keys = Integer.parseInt(args[2]);
    int threads = Integer.parseInt(args[3]);
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    try (EhcacheReplayCache cache =
        EhcacheReplayCache.clustered(uri)
            .cacheAlias(alias)
            .size(16, org.ehcache.config.units.MemoryUnit.MB)
            .timeout(Duration.ofSeconds(20))
            .clockSkew(Duration.ZERO)
            .build()) {
      out.println("READY");
      out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> racers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int offset = t;
          racers.add(pool.submit(() -> race(cache, keys, offset, out)));
        }
        for (Future<?> racer : racers) {
          racer.get();
        }
      } finally {
        pool.shutdownNow();
      }
    }
    out.println("DONE");
    out.flush();
  }

  /** Each thread walks every key, starting at its own offset, so that threads collide. */
  private static void race(EhcacheReplayCache cache, int keys, int offset, PrintStream out) {
    for (int i = 0; i < keys; i++) {
      String key = "race-" + ((i + offset * 7) % keys);
      Instant issuedAt = Instant.now();
      try {
        if (cache.firstUse(key, issuedAt, issuedAt.plusSeconds(300), Instant.now())) {
          synchronized (out) {
            out.println("WON " + key);
          }
        }
      } catch (Exception e) {
        synchronized (out) {
          out.println("FAILED " + key + " " + e);
        }
      }
    }
  }
}
