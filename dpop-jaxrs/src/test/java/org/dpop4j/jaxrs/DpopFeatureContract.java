package org.dpop4j.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Application;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.dpop4j.core.config.DpopSettings;
import org.dpop4j.testing.TestKey;
import org.dpop4j.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link DpopFeature} must do on every JAX-RS implementation, over real HTTP: each
 * implementation's test deploys the same {@link TestApplication} in embedded Tomcat, once per
 * configuration (context paths /api, /nonce, /proxied, /tiny), and {@link ProtectedApplication}
 * at /whole. The {@link
 * SubResourceLocatorContract} runs on the same deployments.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DpopFeatureContract implements SubResourceLocatorContract {

  private static final TestTokens TOKENS = TestTokens.generate();
  private static final TestKey KEY = TestKey.generate("ES256");
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private Tomcat tomcat;
  private String base;

  /** Deploys {@code application} in {@code context} with the implementation under test. */
  abstract void deploy(Context context, Application application);

  @BeforeAll
  void startTomcat(@TempDir Path tempDir) throws LifecycleException, IOException {
    tomcat = new Tomcat();
    tomcat.setBaseDir(tempDir.resolve("tomcat").toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);

    deploy("/api", resourceServer());
    Path nonceKey = Files.writeString(tempDir.resolve("nonce.key"),
        Base64.getEncoder().encodeToString(new byte[32]));
    Map<String, String> nonce = resourceServer();
    nonce.put(DpopSettings.NONCE, "true");
    nonce.put(DpopSettings.NONCE_SECRET, "file:" + nonceKey);
    deploy("/nonce", nonce);
    Map<String, String> proxied = resourceServer();
    proxied.put(DpopSettings.TRUSTED_PROXIES, "127.0.0.0/8 ::1");
    proxied.put(DpopSettings.TRUSTED_PROXY_HEADER, "forwarded");
    deploy("/proxied", proxied);
    Map<String, String> tinyReplayStore = resourceServer();
    tinyReplayStore.put(DpopSettings.REPLAY_CACHE_SIZE, "1");
    deploy("/tiny", tinyReplayStore);
    deploy(
        tomcat.addContext("/whole", null),
        new ProtectedApplication(new DpopFeature(DpopSettings.from(resourceServer()))));

    tomcat.start();
    base = "http://127.0.0.1:" + tomcat.getConnector().getLocalPort();
  }

  private void deploy(String contextPath, Map<String, String> settings) {
    Context context = tomcat.addContext(contextPath, null);
    deploy(context, new TestApplication(new DpopFeature(DpopSettings.from(settings))));
  }

  @AfterAll
  void stopTomcat() throws LifecycleException {
    tomcat.stop();
    tomcat.destroy();
  }

  /** The running server, for a test that deploys and undeploys an application of its own. */
  Tomcat tomcat() {
    return tomcat;
  }

  static Map<String, String> resourceServer() {
    Map<String, String> settings = new HashMap<>();
    settings.put(DpopSettings.JWKS, TOKENS.jwksJson());
    settings.put(DpopSettings.ISSUER, TestTokens.ISSUER);
    settings.put(DpopSettings.AUDIENCE, TestTokens.AUDIENCE);
    settings.put(DpopSettings.ALGORITHMS, "ES256 PS256");
    return settings;
  }

  private static String boundToken() {
    return TOKENS.boundToken("alice", KEY.thumbprint(), "read write");
  }

  private String proof(String method, String path, String token) {
    return KEY.proof(method, base + path).accessToken(token).sign();
  }

  private HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).GET();
  }

  private HttpRequest.Builder dpopGet(String path) {
    String token = boundToken();
    return get(path).header("Authorization", "DPoP " + token).header("DPoP", proof("GET", path, token));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public HttpResponse<String> sendWithoutCredentials(String path)
      throws IOException, InterruptedException {
    return send(get(path));
  }

  @Override
  public HttpResponse<String> sendWithDpop(String path) throws IOException, InterruptedException {
    return send(dpopGet(path));
  }

  @Override
  public HttpResponse<String> sendWithDpopThroughTrustedProxy(String path)
      throws IOException, InterruptedException {
    String token = boundToken();
    return send(get(path)
        .header("Forwarded", "for=192.0.2.1;proto=https;host=api.example.test")
        .header("Authorization", "DPoP " + token)
        .header("DPoP", KEY.proof("GET", "https://api.example.test" + path).accessToken(token).sign()));
  }

  private static void assertRefused(HttpResponse<String> response, int status, String error) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(
            challenge ->
                assertThat(challenge).startsWith("DPoP ")
                    .contains("error=\"" + error + "\"")
                    .contains("algs=\"ES256 PS256\""));
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(response.body()).doesNotContain("user=");
  }

  @Test
  void anAcceptedRequestCarriesTheSubjectInTheSecurityContext() throws Exception {
    HttpResponse<String> response = send(dpopGet("/api/orders"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("user=alice\n", "scheme=DPoP\n", "inRole.read=true\n", "inRole.admin=false\n")
        .contains("secure=false\n", "proofJkt=" + KEY.thumbprint() + "\n")
        .contains("proofHtu=" + base + "/api/orders\n");
    assertThat(response.headers().firstValue("DPoP-Nonce")).isEmpty();
  }

  @Test
  void anUnmarkedResourceMethodNeedsNoCredentials() throws Exception {
    HttpResponse<String> response = send(get("/api/orders/public"));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("open, authenticated=false");
  }

  /** JAX-RS lets a binding on the {@code Application} mark everything; the filter must honour it. */
  @Test
  void unmarkedResourceCannotBypassAProtectedApplication() throws Exception {
    for (String path : List.of("/whole/orders/public", "/whole/library/catalog")) {
      HttpResponse<String> response = send(get(path));
      assertThat(response.statusCode()).as(path).isEqualTo(401);
      assertThat(response.headers().firstValue("WWW-Authenticate"))
          .as(path)
          .hasValue("DPoP algs=\"ES256 PS256\"");
    }
    assertThat(send(dpopGet("/whole/orders/public")).body()).isEqualTo("open, authenticated=true");
  }

  @Test
  void aMarkedResourceClassProtectsEveryMethod() throws Exception {
    assertThat(send(get("/api/account")).statusCode()).isEqualTo(401);

    HttpResponse<String> response = send(dpopGet("/api/account"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("account=alice");
  }

  @Test
  void aRequestWithoutCredentialsIsChallengedAsByTheServletFilter() throws Exception {
    HttpResponse<String> response = send(get("/api/orders"));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("DPoP algs=\"ES256 PS256\"");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(response.body()).isEmpty();
  }

  @Test
  void stopsTokenTheftByRefusingABoundTokenDowngradedToBearer() throws Exception {
    HttpResponse<String> response = send(get("/api/orders").header("Authorization", "Bearer " + boundToken()));

    assertRefused(response, 401, "invalid_token");
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("DPoP error=\"invalid_token\", error_description=\"DPoP-bound token presented as a"
            + " Bearer token\", algs=\"ES256 PS256\"");
  }

  @Test
  void stopsTokenTheftByRefusingAProofFromAnotherKey() throws Exception {
    String token = boundToken();
    TestKey thief = TestKey.generate("ES256");

    assertRefused(
        send(get("/api/orders")
            .header("Authorization", "DPoP " + token)
            .header("DPoP", thief.proof("GET", base + "/api/orders").accessToken(token).sign())),
        401, "invalid_dpop_proof");
  }

  @Test
  void stopsProofReplayByRefusingASecondUse() throws Exception {
    String token = boundToken();
    HttpRequest.Builder request =
        get("/api/orders")
            .header("Authorization", "DPoP " + token)
            .header("DPoP", proof("GET", "/api/orders", token));

    assertThat(send(request).statusCode()).isEqualTo(200);
    assertRefused(send(request), 401, "invalid_dpop_proof");
  }

  @Test
  void stopsProofSmugglingByRefusingTwoDpopHeaders() throws Exception {
    String token = boundToken();
    HttpResponse<String> response =
        send(get("/api/orders")
            .header("Authorization", "DPoP " + token)
            .header("DPoP", proof("GET", "/api/orders", token))
            .header("DPoP", proof("GET", "/api/orders", token)));

    assertRefused(response, 401, "invalid_dpop_proof");
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("More than one DPoP proof");
  }

  @Test
  void headerNamesAndTheSchemeMatchCaseInsensitively() throws Exception {
    String token = boundToken();
    HttpResponse<String> response =
        send(get("/api/orders")
            .header("AUTHORIZATION", "dpop " + token)
            .header("DPOP", proof("GET", "/api/orders", token)));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("user=alice\n");
  }

  @Test
  void aNonceIsDemandedAndTheRetryWithItIsAccepted() throws Exception {
    String token = boundToken();
    HttpResponse<String> challenge =
        send(get("/nonce/orders").header("Authorization", "DPoP " + token)
            .header("DPoP", proof("GET", "/nonce/orders", token)));

    assertRefused(challenge, 401, "use_dpop_nonce");
    String nonce = challenge.headers().firstValue("DPoP-Nonce").orElseThrow();

    HttpResponse<String> retry =
        send(get("/nonce/orders").header("Authorization", "DPoP " + token)
            .header("DPoP", KEY.proof("GET", base + "/nonce/orders").accessToken(token).nonce(nonce).sign()));

    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(retry.body()).contains("user=alice\n");
  }

  @Test
  void forwardingHeadersFromATrustedProxyGiveTheTargetUriAndIsSecure() throws Exception {
    String token = boundToken();
    String clientUrl = "https://api.example.test/proxied/orders";
    HttpResponse<String> response =
        send(get("/proxied/orders")
            .header("Forwarded", "for=192.0.2.1;proto=https;host=api.example.test")
            .header("Authorization", "DPoP " + token)
            .header("DPoP", KEY.proof("GET", clientUrl).accessToken(token).sign()));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("secure=true\n", "proofHtu=" + clientUrl + "\n");
  }

  @Test
  void stopsHtuSpoofingByIgnoringForwardingHeadersFromAnUntrustedPeer() throws Exception {
    String token = boundToken();
    HttpResponse<String> response =
        send(get("/api/orders")
            .header("X-Forwarded-Proto", "https")
            .header("X-Forwarded-Host", "api.example.test")
            .header("Authorization", "DPoP " + token)
            .header("DPoP", KEY.proof("GET", "https://api.example.test/api/orders").accessToken(token).sign()));

    assertRefused(response, 401, "invalid_dpop_proof");
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("htu does not match");
  }

  @Test
  void aFullReplayStoreAnswers503WithRetryAfter() throws Exception {
    assertThat(send(dpopGet("/tiny/orders")).statusCode()).isEqualTo(200);

    HttpResponse<String> response = send(dpopGet("/tiny/orders"));

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(response.body())
        .isEqualTo("{\"error\":\"temporarily_unavailable\",\"error_description\":"
            + "\"DPoP replay protection is temporarily unavailable\"}");
  }

  /** Stops a clustered replay store's connection (Terracotta threads) outliving its application. */
  @Test
  void undeployingTheApplicationClosesTheReplayCacheItsSettingsOpened() throws Exception {
    Map<String, String> settings = resourceServer();
    settings.put(DpopSettings.REPLAY_CACHE, RecordingReplayCacheFactory.NAME);
    int openBefore = RecordingReplayCacheFactory.open();
    // Deployed before it starts, as a container deploys a WAR: its initializers run at start.
    Context context = new StandardContext();
    context.setName("/undeployed");
    context.setPath("/undeployed");
    context.addLifecycleListener(new Tomcat.FixContextListener());
    deploy(context, new TestApplication(new DpopFeature(DpopSettings.from(settings))));
    tomcat().getHost().addChild(context);
    HttpResponse<Void> started = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + tomcat().getConnector().getLocalPort() + "/undeployed/open"))
            .build(),
        HttpResponse.BodyHandlers.discarding());
    assertThat(started.statusCode()).isLessThan(500);
    assertThat(RecordingReplayCacheFactory.open()).isEqualTo(openBefore + 1);

    tomcat().getHost().removeChild(context);

    assertThat(RecordingReplayCacheFactory.open()).isEqualTo(openBefore);
  }
}
