package org.dpop4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.dpop4j.core.DpopAuthenticator;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.config.DpopSettings;
import org.dpop4j.core.http.ResourceServerProtection;
import org.dpop4j.core.http.TokenEndpointProtection;
import org.dpop4j.core.replay.InMemoryReplayCache;
import org.dpop4j.testing.TestKey;
import org.dpop4j.testing.TestTokens;
import org.dpop4j.core.token.JwtAccessTokenValidator;
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
    TestKey key = TestKey.generate("ES256");
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

  /**
   * Token requests are proved before the client authenticates, so anyone can fill their replay
   * store. One verifier behind both a token endpoint and an API (as one origin shares its nonces)
   * records them apart: the flood makes the token endpoint answer 503, never the API.
   */
  @Test
  void tokenEndpointReplayFloodDoesNotExhaustResourceServerStore() throws Exception {
    TestTokens tokens = TestTokens.generate();
    TestKey client = TestKey.generate("ES256");
    TestKey anonymous = TestKey.generate("ES256");
    DpopVerifier verifier =
        DpopVerifier.builder()
            .replayCache(InMemoryReplayCache.withMaximumSize(STORE_SIZE))
            .tokenEndpointReplayCache(InMemoryReplayCache.withMaximumSize(STORE_SIZE))
            .build();
    DpopAuthenticator authenticator =
        DpopAuthenticator.of(
            verifier,
            JwtAccessTokenValidator.builder()
                .jwks(tokens.jwksJson())
                .issuer(TestTokens.ISSUER)
                .audience(TestTokens.AUDIENCE)
                .build());
    try (TestServer server =
        new TestServer(tempDir)
            .filter("token", "/token", new DpopFilter(TokenEndpointProtection.of(verifier)))
            .filter("api", "/api/*", new DpopFilter(ResourceServerProtection.of(authenticator)))
            .start()) {
      int unavailable = 0;
      for (int i = 0; i < FLOOD; i++) {
        HttpResponse<String> response =
            TestServer.send(
                server.post("/token", "grant_type=client_credentials")
                    .header("DPoP", anonymous.proof("POST", server.base() + "/token").sign()));
        unavailable += response.statusCode() == 503 ? 1 : 0;
      }
      assertThat(unavailable).isEqualTo(FLOOD - STORE_SIZE);

      String token = tokens.boundToken("alice", client.thumbprint(), "read");
      HttpResponse<String> api =
          TestServer.send(
              server.get("/api/orders")
                  .header("Authorization", "DPoP " + token)
                  .header("DPoP", client.proof("GET", server.base() + "/api/orders").accessToken(token).sign()));
      assertThat(api.statusCode()).isEqualTo(200);
    }
  }
}
