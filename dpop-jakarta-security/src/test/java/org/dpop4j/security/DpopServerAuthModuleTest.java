package org.dpop4j.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.security.auth.message.config.AuthConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.realm.NullRealm;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.SecurityCollection;
import org.apache.tomcat.util.descriptor.web.SecurityConstraint;
import org.dpop4j.core.config.DpopSettings;
import org.dpop4j.testing.LoopbackTomcat;
import org.dpop4j.testing.TestKey;
import org.dpop4j.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Jakarta Authentication module in embedded Tomcat guarding a servlet through a security
 * constraint only: at {@code /app} registered by {@link DpopAuthenticationRegistration}, at
 * {@code /xml} by Tomcat from {@code conf/jaspic-providers.xml}. This class must be the first in
 * its JVM to touch {@link AuthConfigFactory}: Tomcat reads that file once, when the factory is
 * created.
 */
class DpopServerAuthModuleTest {

  private static final String ROLE = "greetings.read";
  private static final TestTokens TOKENS = TestTokens.generate();
  private static final TestKey KEY = TestKey.generate("ES256");
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @TempDir static Path baseDir;
  private static Tomcat tomcat;
  private static String root;
  private static String base;

  @BeforeAll
  static void start() throws Exception {
    tomcat = LoopbackTomcat.create(baseDir);
    Context context = securedContext("/app");
    context.addParameter(DpopSettings.JWKS, TOKENS.jwksJson());
    context.addParameter(DpopSettings.ISSUER, TestTokens.ISSUER);
    context.addParameter(DpopSettings.AUDIENCE, TestTokens.AUDIENCE);
    context.addApplicationListener(DpopAuthenticationRegistration.class.getName());
    securedContext("/xml");
    Context tokenEndpoint = tomcat.addContext("/as", null);
    tokenEndpoint.addParameter(DpopSettings.MODE, "token-endpoint");
    tokenEndpoint.addApplicationListener(DpopAuthenticationRegistration.class.getName());
    tokenEndpoint.setRealm(new NullRealm());
    Tomcat.addServlet(tokenEndpoint, "caller", new CallerServlet()).addMapping("/*");
    Path conf = Files.createDirectories(baseDir.resolve("conf"));
    Files.writeString(conf.resolve("jaspic-providers.xml"), jaspicProvidersXml("Tomcat/localhost /xml"));
    tomcat.start();
    root = LoopbackTomcat.baseUri(tomcat);
    base = root + "/app";
  }

  /** A context whose only protection is a security constraint demanding {@value #ROLE}. */
  private static Context securedContext(String path) {
    Context context = tomcat.addContext(path, null);
    // Tomcat.addContext installs the NonLoginAuthenticator a web.xml without login-config gets
    context.setRealm(new NullRealm());
    SecurityCollection secured = new SecurityCollection();
    secured.addPattern("/secured/*");
    SecurityConstraint constraint = new SecurityConstraint();
    constraint.addCollection(secured);
    constraint.addAuthRole(ROLE);
    context.addConstraint(constraint);
    context.addSecurityRole(ROLE);
    Tomcat.addServlet(context, "caller", new CallerServlet()).addMapping("/*");
    return context;
  }

  /** The registration as README.md shows it, with the test's settings. */
  private static String jaspicProvidersXml(String appContext) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <jaspic-providers xmlns="http://tomcat.apache.org/xml" version="1.0">
          <provider name="dpop4j" className="%s" layer="HttpServlet" appContext="%s"
                    description="DPoP">
            <property name="%s" value="%s"/>
            <property name="%s" value="%s"/>
            <property name="%s" value="%s"/>
          </provider>
        </jaspic-providers>
        """.formatted(
            DpopAuthConfigProvider.class.getName(), appContext,
            DpopSettings.JWKS, TOKENS.jwksJson().replace("\"", "&quot;"),
            DpopSettings.ISSUER, TestTokens.ISSUER,
            DpopSettings.AUDIENCE, TestTokens.AUDIENCE);
  }

  @AfterAll
  static void stop() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }

  @Test
  void aCallerWithTheRoleReachesTheConstrainedServletAsTheContainersUser() throws Exception {
    HttpResponse<String> response = dpopGet("/secured/hello", token(ROLE));

    assertThat(response.statusCode()).as(response.headers().map().toString()).isEqualTo(200);
    assertThat(response.body())
        .contains("remoteUser=alice\n", "inRole.greetings.read=true\n",
            "principalJkt=" + KEY.thumbprint() + "\n", "jkt=" + KEY.thumbprint() + "\n");
  }

  @Test
  void aCallerWithoutTheRoleGetsTheContainers403AfterAuthentication() throws Exception {
    HttpResponse<String> response = dpopGet("/secured/hello", token("other.scope"));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
  }

  @Test
  void aConstrainedResourceWithoutCredentialsGetsTheDpopChallengeNotA403() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/secured/hello")));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
        challenge -> assertThat(challenge).startsWith("DPoP algs=").doesNotContain("error="));
    assertThat(response.body()).isEmpty();
  }

  @Test
  void anUnconstrainedResourceWithoutCredentialsPassesUntouched() throws Exception {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + "/open")));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("remoteUser=null\n", "jkt=null\n");
  }

  /**
   * What a JAX-RS runtime's {@code @RolesAllowed} refusal of this request is answered with (the
   * mappers read it from the request: Tomcat has no CDI), and only for an anonymous caller.
   */
  @Test
  void anAnonymousRequestLetThroughCarriesTheDpopChallengeAnAuthenticatedOneDoesNot()
      throws Exception {
    HttpResponse<String> anonymous = send(HttpRequest.newBuilder(URI.create(base + "/open")));
    HttpResponse<String> authenticated = dpopGet("/open", token("other.scope"));

    assertThat(anonymous.body()).contains("anonymousChallenge=401 DPoP algs=");
    assertThat(authenticated.statusCode()).isEqualTo(200);
    assertThat(authenticated.body()).contains("remoteUser=alice\n", "anonymousChallenge=none\n");
  }

  @Test
  void aReplayedProofIsRefusedBeforeTheContainerAuthorizes() throws Exception {
    String token = token(ROLE);
    String uri = base + "/secured/hello";
    String proof = KEY.proof("GET", uri).accessToken(token).sign();

    HttpResponse<String> first = send(dpop(uri, token, proof));
    HttpResponse<String> replay = send(dpop(uri, token, proof));

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(replay.statusCode()).isEqualTo(401);
    assertThat(replay.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"invalid_dpop_proof\"", "DPoP proof has already been used");
  }

  @Test
  void aDpopBoundTokenPresentedAsBearerIsRefusedOnAnUnconstrainedResourceToo() throws Exception {
    HttpResponse<String> response =
        send(HttpRequest.newBuilder(URI.create(base + "/open"))
            .header("Authorization", "Bearer " + token(ROLE)));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error=\"invalid_token\"");
  }

  @Test
  void theRegistrationIsForThisApplicationOnly() {
    AuthConfigFactory factory = AuthConfigFactory.getFactory();

    assertThat(factory.getConfigProvider(
            DpopAuthConfigProvider.HTTP_SERVLET_LAYER, "Tomcat/localhost /app", null))
        .isInstanceOf(DpopAuthConfigProvider.class);
    assertThat(factory.getConfigProvider(
            DpopAuthConfigProvider.HTTP_SERVLET_LAYER, "Tomcat/localhost /other", null))
        .isNull();
  }

  @Test
  void aProviderRegisteredInJaspicProvidersXmlGuardsItsApplication() throws Exception {
    String uri = root + "/xml/secured/hello";
    String token = token(ROLE);

    HttpResponse<String> accepted = send(dpop(uri, token, KEY.proof("GET", uri).accessToken(token).sign()));
    HttpResponse<String> anonymous = send(HttpRequest.newBuilder(URI.create(uri)));

    assertThat(accepted.statusCode()).isEqualTo(200);
    assertThat(accepted.body()).contains("remoteUser=alice\n", "principalJkt=" + KEY.thumbprint());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("DPoP algs=");
  }

  @Test
  void aTokenEndpointReceivesTheProofKeyThumbprintAndNoCaller() throws Exception {
    String uri = root + "/as/token";

    HttpResponse<String> response =
        send(HttpRequest.newBuilder(URI.create(uri))
            .header("DPoP", KEY.proof("POST", uri).sign())
            .POST(HttpRequest.BodyPublishers.noBody()));

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("remoteUser=null\n", "jkt=" + KEY.thumbprint() + "\n");
  }

  @Test
  void aTokenEndpointRefusesAProofForAnotherUriWithTheJsonError() throws Exception {
    String uri = root + "/as/token";

    HttpResponse<String> response =
        send(HttpRequest.newBuilder(URI.create(uri))
            .header("DPoP", KEY.proof("POST", root + "/elsewhere").sign())
            .POST(HttpRequest.BodyPublishers.noBody()));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    assertThat(response.body()).contains("\"error\":\"invalid_dpop_proof\"");
  }

  private static String token(String scope) {
    return TOKENS.boundToken("alice", KEY.thumbprint(), scope);
  }

  private static HttpResponse<String> dpopGet(String path, String token) throws Exception {
    String uri = base + path;
    return send(dpop(uri, token, KEY.proof("GET", uri).accessToken(token).sign()));
  }

  private static HttpRequest.Builder dpop(String uri, String token, String proof) {
    return HttpRequest.newBuilder(URI.create(uri))
        .header("Authorization", "DPoP " + token)
        .header("DPoP", proof);
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
