package org.dpop4j.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dpop4j.core.JwsAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each benchmark, set up as JMH would and run for a few operations, does the work it claims to
 * measure: every verifier accepts the pool's proofs, also on a second lap; the token validators
 * accept their tokens cold, warm and cached; the servlet answers 200 to concurrent connections
 * through several laps of its proof pool; and a replay cache records first uses. Correctness only; nothing here is timed.
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
      assertThat(benchmark.dpop4j().algorithm()).isEqualTo(JwsAlgorithm.ED25519);
    }
    for (int i = 0; i < 2 * benchmark.proofs.size(); i++) {
      assertThat(benchmark.dpop4jWithoutKeyCache().algorithm()).isEqualTo(JwsAlgorithm.ED25519);
    }
  }

  @Test
  void mlDsa44ProofsAreAccepted() throws Exception {
    MlDsaVerificationBenchmark benchmark = new MlDsaVerificationBenchmark();
    benchmark.setUp();
    for (int i = 0; i < 2 * benchmark.proofs.size(); i++) {
      assertThat(benchmark.dpop4j().algorithm()).isEqualTo(JwsAlgorithm.ML_DSA_44);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "with-filter,ES256,401",
    "with-filter,RS256,401",
    "signature-only,ES256,401",
    "without-filter,ES256,200"
  })
  void everyRequestIsAnsweredWith200FromConcurrentConnectionsAndAForgedProofIsRefused(
      String filter, String token, int statusOfAForgedProof) throws Exception {
    ServletFilterBenchmark.Server server = new ServletFilterBenchmark.Server();
    server.filter = filter;
    server.token = token;
    server.startServer();
    server.warmUpOnOneConnection(100);
    ServerCpu serverCpu = new ServerCpu();
    serverCpu.start(0);
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      // request() fails on any other status; later laps must pass again, not be replays.
      List<Future<Integer>> answered = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        ServletFilterBenchmark.Connection connection = new ServletFilterBenchmark.Connection();
        answered.add(
            clients.submit(
                () -> {
                  int requests = 0;
                  for (int i = 0; i < ServletFilterBenchmark.PROOFS / 4; i++) {
                    assertThat(ServletFilterBenchmark.request(server, connection)).isPositive();
                    requests++;
                  }
                  return requests;
                }));
      }
      int total = 0;
      for (Future<Integer> requests : answered) {
        total += requests.get();
      }
      assertThat(total).isEqualTo(2 * ServletFilterBenchmark.PROOFS);
      assertThat(serverCpu.report(total)).contains("CPU per request: Tomcat's threads");

      HttpResponse<String> forged =
          new ServletFilterBenchmark.Connection()
              .client
              .send(server.withForgedSignature(), HttpResponse.BodyHandlers.ofString());
      assertThat(forged.statusCode()).as("a forged proof signature").isEqualTo(statusOfAForgedProof);
    } finally {
      clients.shutdownNow();
      server.stopServer();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ES256", "RS256"})
  void tokenValidatorsAcceptEveryToken(String algorithm) throws Exception {
    TokenValidationBenchmark benchmark = new TokenValidationBenchmark();
    benchmark.algorithm = algorithm;
    benchmark.setUp();
    for (int i = 0; i < 2 * TokenValidationBenchmark.TOKENS; i++) {
      assertThat(benchmark.warmKey().boundThumbprint()).contains("client-thumbprint");
    }
    for (int i = 0; i < 8; i++) {
      assertThat(benchmark.coldKey().subject()).isEqualTo("bench");
      assertThat(benchmark.cachedToken().boundThumbprint()).contains("client-thumbprint");
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
