package org.dpop4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.LifecycleException;
import org.dpop4j.core.config.DpopSettings;
import org.dpop4j.testing.TestKey;
import org.dpop4j.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which URI a proof must name, through the real filter: the {@code Host} header and forwarding
 * headers a client writes must not let a proof captured elsewhere through.
 */
class TargetUriTest {

  private static final String ALGORITHMS = "ES256";
  private static final TestTokens TOKENS = TestTokens.generate();
  private static final TestKey KEY = TestKey.generate("ES256");

  @TempDir static Path tempDir;
  private static TestServer server;

  @BeforeAll
  static void startServer() throws LifecycleException {
    Map<String, String> pinned = TestServer.resourceServer(TOKENS, ALGORITHMS);
    pinned.put(DpopSettings.PUBLIC_BASE_URI, "http://api-us.example.test https://api-us.example.test");
    Map<String, String> stripped = TestServer.resourceServer(TOKENS, ALGORITHMS);
    stripped.put(DpopSettings.TRUSTED_PROXIES, "127.0.0.1");
    stripped.put(DpopSettings.TRUSTED_PROXY_HEADER, "x-forwarded");
    stripped.put(DpopSettings.PUBLIC_BASE_URI, "https://gw.example.test/eu");
    Map<String, String> xForwardedProxy = TestServer.resourceServer(TOKENS, ALGORITHMS);
    xForwardedProxy.put(DpopSettings.TRUSTED_PROXIES, "127.0.0.1");
    xForwardedProxy.put(DpopSettings.TRUSTED_PROXY_HEADER, "x-forwarded");
    Map<String, String> forwardedProxy = TestServer.resourceServer(TOKENS, ALGORITHMS);
    forwardedProxy.put(DpopSettings.TRUSTED_PROXIES, "127.0.0.1");
    forwardedProxy.put(DpopSettings.TRUSTED_PROXY_HEADER, "forwarded");
    server =
        new TestServer(tempDir.resolve("tomcat"))
            .filter("pinned", "/api/*", pinned)
            .filter("stripped", "/stripped/*", stripped)
            .filter("x-forwarded-proxy", "/xf/*", xForwardedProxy)
            .filter("forwarded-proxy", "/rfc7239/*", forwardedProxy)
            .start();
  }

  @AfterAll
  static void stopServer() throws LifecycleException {
    server.close();
  }

  private static String token() {
    return TOKENS.boundToken("alice", KEY.thumbprint(), "read");
  }

  /** A GET with this {@code Host} header, which {@link java.net.http.HttpClient} cannot set. */
  private static String getWithHost(String host, String path, String token, String proof)
      throws IOException {
    String request =
        "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: DPoP " + token
            + "\r\nDPoP: " + proof + "\r\nConnection: close\r\n\r\n";
    return server.sendRaw(request.getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void hostHeaderCannotRedirectACapturedProofToAnotherDeployment() throws Exception {
    String token = token();
    String capturedAtEu = KEY.proof("GET", "http://api-eu.example.test/api/orders").accessToken(token).sign();

    String redirected = getWithHost("api-eu.example.test", "/api/orders", token, capturedAtEu);

    assertThat(redirected).startsWith("HTTP/1.1 401 ");
    assertThat(redirected)
        .contains("error=\"invalid_dpop_proof\"", "The request URI is not one this server answers for")
        .doesNotContain("user=alice");
    String own = KEY.proof("GET", "http://api-us.example.test/api/orders").accessToken(token).sign();
    String accepted = getWithHost("api-us.example.test", "/api/orders", token, own);
    assertThat(accepted).startsWith("HTTP/1.1 200 ").contains("user=alice\n");
  }

  @Test
  void thePrefixAProxyStripsIsPartOfThePublicUri() throws Exception {
    String token = token();
    String publicUrl = "https://gw.example.test/eu/stripped/orders";
    HttpResponse<String> accepted =
        TestServer.send(
            server.get("/stripped/orders")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "gw.example.test")
                .header("Authorization", "DPoP " + token)
                .header("DPoP", KEY.proof("GET", publicUrl).accessToken(token).sign()));
    HttpResponse<String> withoutPrefix =
        TestServer.send(
            server.get("/stripped/orders")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "gw.example.test")
                .header("Authorization", "DPoP " + token)
                .header("DPoP",
                    KEY.proof("GET", "https://gw.example.test/stripped/orders").accessToken(token).sign()));

    assertThat(accepted.statusCode()).isEqualTo(200);
    assertThat(accepted.body()).contains("proofHtu=" + publicUrl + "\n");
    assertThat(withoutPrefix.statusCode()).isEqualTo(401);
    assertThat(withoutPrefix.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("htu does not match");
  }

  @Test
  void clientForwardedHeaderCannotOverrideTrustedProxyHost() throws Exception {
    String token = token();
    for (String htuHost : new String[] {"evil.example.test", "api.example.test"}) {
      HttpResponse<String> response =
          TestServer.send(
              server.get("/xf/orders")
                  .header("X-Forwarded-Proto", "https")
                  .header("X-Forwarded-Host", "api.example.test")
                  .header("Forwarded", "proto=https;host=evil.example.test")
                  .header("Authorization", "DPoP " + token)
                  .header("DPoP",
                      KEY.proof("GET", "https://" + htuHost + "/xf/orders").accessToken(token).sign()));

      assertThat(response.statusCode()).as(htuHost).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
          .contains("error=\"invalid_dpop_proof\"", "forwarding headers name conflicting request URIs");
      assertThat(response.body()).doesNotContain("user=");
    }
  }

  @Test
  void clientXForwardedHostCannotOverrideTrustedProxyForwarded() throws Exception {
    String token = token();
    HttpResponse<String> response =
        TestServer.send(
            server.get("/rfc7239/orders")
                .header("Forwarded", "for=192.0.2.1;proto=https;host=api.example.test")
                .header("X-Forwarded-Host", "evil.example.test")
                .header("Authorization", "DPoP " + token)
                .header("DPoP",
                    KEY.proof("GET", "https://evil.example.test/rfc7239/orders").accessToken(token).sign()));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("forwarding headers name conflicting request URIs");
  }
}
