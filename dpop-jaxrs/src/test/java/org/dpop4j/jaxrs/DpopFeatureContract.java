package org.dpop4j.jaxrs;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Application;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.dpop4j.core.config.DpopSettings;
import org.dpop4j.testing.LoopbackTomcat;
import org.dpop4j.testing.DpopAdapterContract;
import org.junit.jupiter.api.Test;

/**
 * What {@link DpopFeature} must do on every JAX-RS implementation, over real HTTP: dpop-testing's
 * adapter contract and what is the feature's own. Each implementation's test deploys the same
 * {@link TestApplication} in embedded Tomcat, once per configuration (context paths /api, /nonce,
 * /proxied, /tiny), and {@link ProtectedApplication} at /whole. The {@link
 * SubResourceLocatorContract} runs on the same deployments.
 */
abstract class DpopFeatureContract extends DpopAdapterContract
    implements SubResourceLocatorContract {

  private Tomcat tomcat;

  /** Deploys {@code application} in {@code context} with the implementation under test. */
  abstract void deploy(Context context, Application application);

  @Override
  protected String start(Map<String, Map<String, String>> deployments, Path tempDir)
      throws LifecycleException {
    tomcat = LoopbackTomcat.create(tempDir.resolve("tomcat"));

    deployments.forEach(this::deploy);
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
    return LoopbackTomcat.baseUri(tomcat);
  }

  private void deploy(String contextPath, Map<String, String> settings) {
    Context context = tomcat.addContext(contextPath, null);
    deploy(context, new TestApplication(new DpopFeature(DpopSettings.from(settings))));
  }

  @Override
  protected void stop() throws LifecycleException {
    tomcat.stop();
    tomcat.destroy();
  }

  /** The running server, for a test that deploys and undeploys an application of its own. */
  Tomcat tomcat() {
    return tomcat;
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
  void stopsTokenTheftByRefusingABoundTokenDowngradedToBearer() throws Exception {
    HttpResponse<String> response = send(get("/api/orders").header("Authorization", "Bearer " + boundToken()));

    assertRefused(response, 401, "invalid_token");
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .hasValue("DPoP error=\"invalid_token\", error_description=\"DPoP-bound token presented as a"
            + " Bearer token\", algs=\"ES256 PS256\"");
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
            LoopbackTomcat.baseUri(tomcat()) + "/undeployed/open"))
            .build(),
        HttpResponse.BodyHandlers.discarding());
    assertThat(started.statusCode()).isLessThan(500);
    assertThat(RecordingReplayCacheFactory.open()).isEqualTo(openBefore + 1);

    tomcat().getHost().removeChild(context);

    assertThat(RecordingReplayCacheFactory.open()).isEqualTo(openBefore);
  }
}
