package org.dpop4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.dpop4j.core.ProofAlgorithm;
import org.dpop4j.core.config.DpopSettings;
import org.dpop4j.core.testing.TestKey;
import org.dpop4j.core.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood of unique, validly signed proofs through the filter with a small in-memory replay store:
 * once it is full every new proof is a 503 with Retry-After, never an accept, and a proof already
 * used is still refused as a replay. (The million-proof flood runs against the cache itself, in
 * dpop-core's ReplayFloodTest.)
 */
class ReplayFloodTest {

  private static final int STORE_SIZE = 100;
  private static final int FLOOD = 300;

  @TempDir Path tempDir;

  @Test
  void stopsReplayStoreExhaustionByAnswering503OnceFullNeverAccepting() throws Exception {
    TestTokens tokens = TestTokens.generate();
    TestKey key = TestKey.generate(ProofAlgorithm.ES256);
    Map<String, String> settings = TestServer.resourceServer(tokens, "ES256");
    settings.put(DpopSettings.REPLAY_CACHE_SIZE, Integer.toString(STORE_SIZE));
    try (TestServer server = new TestServer(tempDir).filter("small", "/api/*", settings).start()) {
      String token = tokens.boundToken("alice", key.thumbprint(), "read");
      String firstProof = null;
      int accepted = 0;
      int unavailable = 0;

      for (int i = 0; i < FLOOD; i++) {
        String proof = key.proof("GET", server.base() + "/api/orders").accessToken(token).sign();
        HttpResponse<String> response =
            TestServer.send(
                server.get("/api/orders").header("Authorization", "DPoP " + token).header("DPoP", proof));
        if (response.statusCode() == 200) {
          accepted++;
          firstProof = firstProof == null ? proof : firstProof;
        } else {
          assertThat(response.statusCode()).isEqualTo(503);
          assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
          assertThat(response.body()).contains("\"error\":\"temporarily_unavailable\"");
          unavailable++;
        }
      }

      assertThat(accepted).isEqualTo(STORE_SIZE);
      assertThat(unavailable).isEqualTo(FLOOD - STORE_SIZE);
      HttpResponse<String> replay =
          TestServer.send(
              server.get("/api/orders").header("Authorization", "DPoP " + token).header("DPoP", firstProof));
      assertThat(replay.statusCode()).isEqualTo(401);
      assertThat(replay.headers().firstValue("WWW-Authenticate").orElseThrow()).contains("already been used");
    }
  }
}
