package org.dpop4j.jca;

import java.net.URI;
import java.security.KeyPair;
import java.security.Provider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.testing.TestKey;
import org.dpop4j.jca.testing.SoftHsm;

/**
 * Measures DPoP proofs signed per second, in the SoftHSM2 token and in software, with one and two
 * threads sharing one factory. A rough measurement, not a benchmark: no JMH, a shared machine.
 * Run as described in dpop-jca/README.md.
 */
public final class SignRates {

  private static final URI TARGET = URI.create("https://api.example.test/orders");
  private static final long WARM_UP_NANOS = 2_000_000_000L;
  private static final long MEASURE_NANOS = 5_000_000_000L;

  private SignRates() {}

  public static void main(String[] args) throws Exception {
    SoftHsm hsm = SoftHsm.get();
    Provider provider = hsm.token().provider();
    System.out.println("| alg | key | 1 thread (proofs/s) | 2 threads (proofs/s) |");
    System.out.println("|---|---|---|---|");
    for (JwsAlgorithm algorithm : List.of(
        JwsAlgorithm.ES256, JwsAlgorithm.ES384, JwsAlgorithm.ES512,
        JwsAlgorithm.PS256, JwsAlgorithm.RS256)) {
      KeyPair keys = hsm.proofKey(algorithm);
      report(algorithm, "SoftHSM2",
          DpopProofFactory.builder(algorithm, keys.getPrivate(), keys.getPublic())
              .provider(provider).build());
    }
    for (JwsAlgorithm algorithm : List.of(JwsAlgorithm.ES256, JwsAlgorithm.ED25519)) {
      KeyPair keys = TestKey.generate(algorithm.joseName()).keyPair();
      report(algorithm, "software",
          DpopProofFactory.builder(algorithm, keys.getPrivate(), keys.getPublic()).build());
    }
  }

  private static void report(JwsAlgorithm algorithm, String where, DpopProofFactory proofs)
      throws Exception {
    rate(proofs, 1, WARM_UP_NANOS);
    System.out.printf("| %s | %s | %,.0f | %,.0f |%n", algorithm.joseName(), where,
        rate(proofs, 1, MEASURE_NANOS), rate(proofs, 2, MEASURE_NANOS));
  }

  private static double rate(DpopProofFactory proofs, int threads, long nanos) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long start = System.nanoTime();
      List<Callable<Long>> workers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        workers.add(() -> {
          long count = 0;
          while (System.nanoTime() - start < nanos) {
            proofs.proof("GET", TARGET, ProofClaims.accessToken("access-token").withNonce("nonce"));
            count++;
          }
          return count;
        });
      }
      long total = 0;
      for (Future<Long> done : pool.invokeAll(workers)) {
        total += done.get();
      }
      return total / ((System.nanoTime() - start) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }
}
