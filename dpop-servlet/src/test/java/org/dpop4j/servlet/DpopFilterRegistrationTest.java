package org.dpop4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.dpop4j.testing.LoopbackTomcat;
import org.dpop4j.testing.TestKey;
import org.dpop4j.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DpopFilterRegistration} in embedded Tomcat: {@code /opted-in} sets the context params,
 * {@code /untouched} only has the jar, as every application with dpop-servlet does.
 */
class DpopFilterRegistrationTest {

  private static final TestTokens TOKENS = TestTokens.generate();
  private static final TestKey KEY = TestKey.generate("ES256");
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TempDir static Path baseDir;
  private static Tomcat tomcat;
  private static String root;

  @BeforeAll
  static void start() throws Exception {
    tomcat = LoopbackTomcat.create(baseDir);
    Context optedIn = context("/opted-in");
    optedIn.addParameter(DpopFilterRegistration.AUTO_REGISTER, "true");
    optedIn.addParameter(DpopFilterRegistration.URL_PATTERNS, "/api/*");
    Map<String, String> settings = TestServer.resourceServer(TOKENS, "ES256");
    settings.forEach(optedIn::addParameter);
    Context untouched = context("/untouched");
    settings.forEach(untouched::addParameter);
    tomcat.start();
    root = LoopbackTomcat.baseUri(tomcat);
  }

  private static Context context(String path) {
    Context context = tomcat.addContext(path, null);
    context.addServletContainerInitializer(new DpopFilterRegistration(), null);
    Tomcat.addServlet(context, "echo", new EchoServlet()).addMapping("/*");
    return context;
  }

  @AfterAll
  static void stop() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }

  @Test
  void anApplicationThatOptsInIsProtectedOnItsPatternsOnly() throws Exception {
    String uri = root + "/opted-in/api/orders";
    String token = TOKENS.boundToken("alice", KEY.thumbprint(), "read");

    HttpResponse<String> anonymous = get(uri);
    HttpResponse<String> accepted =
        send(HttpRequest.newBuilder(URI.create(uri))
            .header("Authorization", "DPoP " + token)
            .header("DPoP", KEY.proof("GET", uri).accessToken(token).sign()));
    HttpResponse<String> outside = get(root + "/opted-in/public");

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
        challenge -> assertThat(challenge).startsWith("DPoP algs="));
    assertThat(accepted.statusCode()).isEqualTo(200);
    assertThat(accepted.body()).contains("remoteUser=alice");
    assertThat(outside.statusCode()).isEqualTo(200);
  }

  @Test
  void addingTheJarDoesNotChangeAnApplicationThatDidNotOptIn() throws Exception {
    HttpResponse<String> response = get(root + "/untouched/api/orders");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("remoteUser=null");
  }

  private static HttpResponse<String> get(String uri) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(uri)));
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
