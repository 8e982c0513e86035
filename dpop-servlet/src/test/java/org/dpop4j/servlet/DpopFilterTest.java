package org.dpop4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.catalina.LifecycleException;
import org.dpop4j.core.AccessTokenValidator;
import org.dpop4j.core.DpopAuthenticator;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.config.DpopSettings;
import org.dpop4j.core.http.ResourceServerProtection;
import org.dpop4j.testing.DpopAdapterContract;
import org.dpop4j.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The filter in embedded Tomcat, called over real HTTP with proofs signed by test keys: the
 * adapter contract, and what is the filter's own.
 */
class DpopFilterTest extends DpopAdapterContract {

  @TempDir static Path tempDir;
  private TestServer server;

  @Override
  protected String start(Map<String, Map<String, String>> deployments, Path serverDir)
      throws LifecycleException {
    server = new TestServer(serverDir.resolve("tomcat"));
    deployments.forEach(
        (path, settings) -> server.filter(path.substring(1), path + "/*", settings));
    Map<String, String> proxied = resourceServer();
    proxied.put(DpopSettings.TRUSTED_PROXIES, "127.0.0.1/32, ::1");
    proxied.put(DpopSettings.TRUSTED_PROXY_HEADER, "x-forwarded");
    server.filter("proxied", "/proxied/*", proxied);
    Map<String, String> rfc7239Proxy = resourceServer();
    rfc7239Proxy.put(DpopSettings.TRUSTED_PROXIES, "127.0.0.1/32, ::1");
    rfc7239Proxy.put(DpopSettings.TRUSTED_PROXY_HEADER, "forwarded");
    server.filter("rfc7239-proxy", "/rfc7239/*", rfc7239Proxy);
    server.filter("token", "/token", Map.of(DpopSettings.MODE, "token-endpoint"));
    Map<String, String> tinyReplayStore = resourceServer();
    tinyReplayStore.put(DpopSettings.REPLAY_CACHE_SIZE, "1");
    server.filter("tiny-replay-store", "/tiny/*", tinyReplayStore);

    AccessTokenValidator brokenValidator =
        token -> {
          throw new IllegalStateException("validator bug quoting the token " + token);
        };
    server.filter(
        "broken",
        "/broken/*",
        new DpopFilter(
            ResourceServerProtection.builder(
                    DpopAuthenticator.of(DpopVerifier.builder().build(), brokenValidator))
                .build()));
    return server.start().base();
  }

  @Override
  protected void stop() throws LifecycleException {
    server.close();
  }

  @Test
  void anAcceptedRequestReachesTheApplicationAsTheTokenSubject() throws Exception {
    HttpResponse<String> response = send(dpopGet("/api/orders"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("user=alice\n", "authType=DPoP\n", "remoteUser=alice\n")
        .contains("inRole.read=true\n", "inRole.admin=false\n")
        .contains("principalProofJkt=" + KEY.thumbprint() + "\n", "jkt=" + KEY.thumbprint() + "\n")
        .contains("proofHtu=" + base + "/api/orders\n", "claims.sub=alice\n");
    assertThat(response.headers().firstValue("DPoP-Nonce")).isEmpty();
  }

  @Test
  void basicCredentialsGetAChallengeWithoutErrorCode() throws Exception {
    for (String authorization :
        List.of("Basic YWxpY2U6czNjcmV0", "Digest username=\"alice\", realm=\"api\"",
            "Bearer " + TOKENS.unboundToken("alice", "read"))) {
      HttpResponse<String> response =
          send(get("/api/orders").header("Authorization", authorization));

      assertThat(response.statusCode()).as(authorization).isEqualTo(401);
      assertThat(response.headers().allValues("WWW-Authenticate"))
          .as(authorization)
          .containsExactly("DPoP algs=\"ES256 PS256\"");
      assertThat(response.body()).isEmpty();
    }
  }

  @Test
  void stopsTokenTheftByRefusingABoundTokenDowngradedToBearer() throws Exception {
    HttpResponse<String> response = send(get("/api/orders").header("Authorization", "Bearer " + boundToken()));

    assertRefused(response, 401, "invalid_token");
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("DPoP-bound token presented as a Bearer token");
  }

  @Test
  void stopsProofReuseOnAnotherUrlOrMethod() throws Exception {
    String token = boundToken();
    assertRefused(
        send(dpopGet("/api/admin", token, proof("GET", "/api/orders", token))),
        401, "invalid_dpop_proof");
    assertRefused(
        send(dpopGet("/api/orders", token, proof("DELETE", "/api/orders", token))),
        401, "invalid_dpop_proof");
  }

  @Test
  void stopsPrecomputedProofsByRefusingAStaleIat() throws Exception {
    String token = boundToken();
    String stale = KEY.proof("GET", base + "/api/orders").accessToken(token)
        .issuedAt(Instant.now().minusSeconds(600)).sign();

    assertRefused(
        send(dpopGet("/api/orders", token, stale)),
        401, "invalid_dpop_proof");
  }

  @Test
  void stopsProofsMadeForAnotherTokenByRequiringAth() throws Exception {
    String token = boundToken();
    String withoutAth = KEY.proof("GET", base + "/api/orders").sign();

    assertRefused(
        send(dpopGet("/api/orders", token, withoutAth)),
        401, "invalid_dpop_proof");
  }

  @Test
  void aForgedOrUnboundTokenIsRefusedAsInvalidToken() throws Exception {
    String forged = TestTokens.generate().boundToken("alice", KEY.thumbprint(), "read");
    assertRefused(
        send(dpopGet("/api/orders", forged, proof("GET", "/api/orders", forged))),
        401, "invalid_token");
    String unbound = TOKENS.unboundToken("alice", "read");
    assertRefused(
        send(dpopGet("/api/orders", unbound, proof("GET", "/api/orders", unbound))),
        401, "invalid_token");
  }

  @Test
  void stopsCredentialConfusionByRefusingTwoAuthorizationHeaders() throws Exception {
    String token = boundToken();
    HttpResponse<String> response =
        send(get("/api/orders")
            .header("Authorization", "DPoP " + token)
            .header("Authorization", "DPoP " + token)
            .header("DPoP", proof("GET", "/api/orders", token)));

    assertRefused(response, 400, "invalid_request");
  }

  @Test
  void forwardingHeadersFromATrustedProxyGiveTheTargetUri() throws Exception {
    String token = boundToken();
    String clientUrl = "https://api.example.test/proxied/orders";
    HttpResponse<String> viaXForwarded =
        send(get("/proxied/orders")
            .header("X-Forwarded-Proto", "https")
            .header("X-Forwarded-Host", "api.example.test")
            .header("Authorization", "DPoP " + token)
            .header("DPoP", KEY.proof("GET", clientUrl).accessToken(token).sign()));
    HttpResponse<String> viaForwarded =
        send(get("/rfc7239/orders")
            .header("Forwarded", "for=192.0.2.1;proto=https;host=api.example.test")
            .header("Authorization", "DPoP " + token)
            .header("DPoP",
                KEY.proof("GET", "https://api.example.test/rfc7239/orders").accessToken(token).sign()));

    assertThat(viaXForwarded.statusCode()).isEqualTo(200);
    assertThat(viaXForwarded.body()).contains("proofHtu=" + clientUrl + "\n");
    assertThat(viaForwarded.statusCode()).isEqualTo(200);
  }

  @Test
  void aTokenEndpointExposesTheProofKeyThumbprintToBind() throws Exception {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(URI.create(base + "/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("DPoP", KEY.proof("POST", base + "/token").sign())
            .POST(HttpRequest.BodyPublishers.ofString(
                "grant_type=authorization_code&code=abc")));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("jkt=" + KEY.thumbprint() + "\n", "user=none\n", "grant_type=authorization_code\n");
  }

  @Test
  void aTokenRequestWithoutAProofIsRefusedWithAJsonError() throws Exception {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(URI.create(base + "/token")).POST(HttpRequest.BodyPublishers.ofString("")));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"error\":\"invalid_dpop_proof\"", "DPoP proof required");
  }

  @Test
  void aFullReplayStoreAnswers503WithRetryAfter() throws Exception {
    assertThat(send(dpopGet("/tiny/orders")).statusCode()).isEqualTo(200);

    HttpResponse<String> response = send(dpopGet("/tiny/orders"));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(response.body()).contains("\"error\":\"temporarily_unavailable\"");
  }

  @Test
  void aBugInAValidatorIsA503WithoutStackTraceOrRequestData() throws Exception {
    HttpResponse<String> response = send(dpopGet("/broken/orders"));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(response.body())
        .contains("\"error\":\"temporarily_unavailable\"")
        .doesNotContain("Exception", "at org.", "quoting the token");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "dpop.nonce|yes|dpop.nonce must be true or false, not 'yes'",
        "dpop.token.algorithms|RS256 HS256|dpop.token.algorithms: 'HS256' is not an asymmetric JWS algorithm",
        "dpop.token.algorithms|none|dpop.token.algorithms: 'none' is not an asymmetric JWS algorithm",
        "dpop.token.types|,|dpop.token.types: at least one token type is required",
        "dpop.token.introspection-cache-seconds|60|dpop.token.introspection-cache-seconds was renamed dpop.token.cache-max-seconds",
        "dpop.proof.max-age-seconds|3600|dpop.proof.max-age-seconds must be a whole number within 1..3590",
        "dpop.token.audiences|api|dpop.token.audiences is not a dpop4j setting",
      })
  void aBadInitParamFailsTheDeploymentWithAClearMessage(String name, String value, String message)
      throws Exception {
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger catalina = Logger.getLogger("org.apache.catalina");
    catalina.addHandler(capture);
    TestServer misconfigured = new TestServer(Files.createTempDirectory(tempDir, "misconfigured"));
    try {
      Map<String, String> settings = resourceServer();
      settings.put(name, value);
      misconfigured.filter("misconfigured", "/*", settings).start();

      assertThat(misconfigured.isAvailable()).isFalse();
      assertThat(records)
          .anySatisfy(record -> assertThat(record.getThrown())
              .hasMessageStartingWith("DPoP filter 'misconfigured' is misconfigured: " + message));
      HttpResponse<String> response = send(misconfigured.get("/orders"));
      assertThat(response.body()).doesNotContain("user=");
    } finally {
      catalina.removeHandler(capture);
      misconfigured.close();
    }
  }
}
