package org.dpop4j.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dpop4j.testing.TestClock;
import org.dpop4j.testing.TestKey;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {

  /** A replay race: many threads present the same captured proof at the same instant. */
  @Test
  void theSameProofFromManyThreadsIsAcceptedExactlyOnce() throws Exception {
    TestClock clock = TestClock.startingNow();
    DpopVerifier verifier = DpopVerifier.builder().clock(clock).build();
    TestKey key = TestKey.generate("ES256");
    String htu = "https://api.example.com/orders";
    int threads = 16;
    int rounds = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < rounds; round++) {
        String proof = key.proof("GET", htu).issuedAt(clock.instant()).accessToken("t").sign();
        DpopRequest request =
            DpopRequest.toResourceServer(
                "GET", URI.create(htu), List.of(proof), "t", key.thumbprint());
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger replays = new AtomicInteger();
        List<Future<?>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    try {
                      verifier.verify(request);
                      accepted.incrementAndGet();
                    } catch (DpopException e) {
                      if (e.reason() == RefusalReason.REPLAYED_PROOF) {
                        replays.incrementAndGet();
                      }
                    }
                    return null;
                  }));
        }
        start.countDown();
        for (Future<?> result : results) {
          result.get(30, TimeUnit.SECONDS);
        }
        assertThat(accepted).hasValue(1);
        assertThat(replays).hasValue(threads - 1);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
