package org.dpop4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.dpop4j.core.ProofAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each benchmark, set up as JMH would and run for a few operations, does the work it claims to
 * measure: every verifier accepts the pool's proofs, also on a second lap, and a replay cache
 * records first uses. Correctness only; nothing here is timed.
 */
class BenchmarkSmokeTest {

  @ParameterizedTest
  @ValueSource(strings = {"repeat-key", "fresh-key"})
  void everyVerifierAcceptsTheSameProofs(String keys) throws Exception {
    ProofVerificationBenchmark benchmark = new ProofVerificationBenchmark();
    benchmark.algorithm = "ES256";
    benchmark.keys = keys;
    benchmark.setUp();
    try {
      // Two laps of the pool each, as JMH runs one method at a time: the second lap must verify
      // again, not be refused as replays.
      int calls = 2 * benchmark.proofs.size();
      List<String> withCache = new ArrayList<>();
      List<String> withoutCache = new ArrayList<>();
      List<String> nimbus = new ArrayList<>();
      for (int i = 0; i < calls; i++) {
        withCache.add(benchmark.dpop4j().thumbprint());
      }
      for (int i = 0; i < calls; i++) {
        withoutCache.add(benchmark.dpop4jWithoutKeyCache().thumbprint());
      }
      for (int i = 0; i < calls; i++) {
        nimbus.add(benchmark.nimbus().getHeader().getJWK().computeThumbprint().toString());
      }
      assertThat(withoutCache).isEqualTo(withCache);
      assertThat(nimbus).isEqualTo(withCache);
      assertThat(new HashSet<>(withCache)).hasSize(keys.equals("repeat-key") ? 1 : calls / 2);
    } finally {
      benchmark.tearDown();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"repeat-key", "fresh-key"})
  void ed25519ProofsAreAccepted(String keys) throws Exception {
    Ed25519VerificationBenchmark benchmark = new Ed25519VerificationBenchmark();
    benchmark.keys = keys;
    benchmark.setUp();
    for (int i = 0; i < 2 * benchmark.proofs.size(); i++) {
      assertThat(benchmark.dpop4j().algorithm()).isEqualTo(ProofAlgorithm.ED25519);
    }
    for (int i = 0; i < 2 * benchmark.proofs.size(); i++) {
      assertThat(benchmark.dpop4jWithoutKeyCache().algorithm()).isEqualTo(ProofAlgorithm.ED25519);
    }
  }

  @Test
  void mlDsa44ProofsAreAccepted() throws Exception {
    MlDsaVerificationBenchmark benchmark = new MlDsaVerificationBenchmark();
    benchmark.setUp();
    for (int i = 0; i < 2 * benchmark.proofs.size(); i++) {
      assertThat(benchmark.dpop4j().algorithm()).isEqualTo(ProofAlgorithm.ML_DSA_44);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"with-filter", "without-filter"})
  void everyRequestIsAnsweredWith200(String filter) throws Exception {
    ServletFilterBenchmark benchmark = new ServletFilterBenchmark();
    benchmark.filter = filter;
    benchmark.startServer();
    try {
      // request() fails on any other status; a second lap must pass again, not be replays.
      for (int i = 0; i < 2 * ServletFilterBenchmark.PROOFS; i++) {
        assertThat(benchmark.request()).isPositive();
      }
    } finally {
      benchmark.stopServer();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"in-memory", "ehcache-local"})
  void replayCachesRecordABatchOfFirstUses(String store) throws Exception {
    ReplayCacheBenchmark benchmark = new ReplayCacheBenchmark();
    benchmark.store = store;
    benchmark.createKeys();
    benchmark.emptyCache();
    try {
      for (int i = 0; i < ReplayCacheBenchmark.BATCH; i++) {
        assertThat(benchmark.firstUse()).isTrue();
      }
    } finally {
      benchmark.closeCache();
    }
  }
}
