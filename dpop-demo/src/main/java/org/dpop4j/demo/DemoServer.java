package org.dpop4j.demo;

import jakarta.servlet.Filter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.dpop4j.core.DpopAuthenticator;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.http.ResourceServerProtection;
import org.dpop4j.core.http.TokenEndpointProtection;
import org.dpop4j.core.nonce.NonceService;
import org.dpop4j.core.token.JwtAccessTokenValidator;
import org.dpop4j.jaxrs.DpopFeature;
import org.dpop4j.jca.AccessTokenSigner;
import org.dpop4j.servlet.DpopFilter;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;
import org.jose4j.json.JsonUtil;

/**
 * An authorization server and a protected API in one embedded Tomcat on 127.0.0.1, wired the way
 * a user of dpop4j would wire them:
 *
 * <ul>
 *   <li>{@code POST /token}: {@link DpopFilter} in token-endpoint mode, then {@link
 *       TokenServlet}, which signs tokens with {@link AccessTokenSigner};
 *   <li>{@code GET /api/hello}: {@link DpopFilter} in resource-server mode, then {@link
 *       HelloServlet};
 *   <li>{@code GET /api/jaxrs/hello}: Jersey with {@link DpopFeature} and the {@code
 *       DpopProtected} {@link HelloResource};
 *   <li>{@code /.well-known/oauth-authorization-server} and {@code /jwks}, from which the API's
 *       {@link JwtAccessTokenValidator} fetches the signing key, as a separate resource server
 *       would.
 * </ul>
 *
 * The token endpoint and both APIs share one {@link DpopVerifier}, hence, with nonces required,
 * one nonce service: they are one origin to a client, which sends that origin's latest nonce to
 * all of them. The verifier records the token endpoint's proofs in a replay store of their own
 * (its default), so that anonymous token requests cannot fill the APIs' store.
 */
final class DemoServer implements AutoCloseable {

  static final String CLIENT_ID = "demo-client";
  static final String CLIENT_SECRET = "demo-secret";
  static final String SCOPE = "hello";
  static final Duration TOKEN_LIFETIME = Duration.ofMinutes(5);

  private static final String LOOPBACK = "127.0.0.1";
  private static final int NONCE_KEY_BYTES = 32;

  private final Tomcat tomcat;
  private final Path baseDir;
  private final URI baseUri;
  private final DpopVerifier verifier;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean closing = new AtomicBoolean();

  private DemoServer(Tomcat tomcat, Path baseDir, URI baseUri, DpopVerifier verifier) {
    this.tomcat = tomcat;
    this.baseDir = baseDir;
    this.baseUri = baseUri;
    this.verifier = verifier;
  }

  /**
   * Starts the server.
   *
   * @param port the port on 127.0.0.1; 0 for any free one
   * @param requireNonce whether the token endpoint and the API demand server nonces
   * @param key signs the access tokens
   */
  static DemoServer start(int port, boolean requireNonce, ServerKey key)
      throws IOException, LifecycleException {
    Path baseDir = Files.createTempDirectory("dpop-demo-tomcat");
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector();
    connector.setPort(port);
    connector.setProperty("address", LOOPBACK);
    tomcat.setConnector(connector);
    try {
      // init() binds the socket, so the issuer, the token endpoint and the JWKS URL can name the
      // actual port before the filters that need them are built.
      tomcat.init();
      URI baseUri = URI.create("http://" + LOOPBACK + ":" + connector.getLocalPort());
      DpopVerifier verifier = verifier(requireNonce);
      StandardContext context = (StandardContext) tomcat.addContext("", null);
      // Leak detection guards redeployments, which this one-application server never does; on
      // JDK 17 it would only warn at shutdown that it needs --add-opens.
      context.setClearReferencesThreadLocals(false);
      context.setClearReferencesRmiTargets(false);
      deploy(context, baseUri, verifier, key);
      tomcat.start();
      return new DemoServer(tomcat, baseDir, baseUri, verifier);
    } catch (LifecycleException | RuntimeException e) {
      tomcat.destroy();
      deleteRecursively(baseDir);
      throw e;
    }
  }

  private static DpopVerifier verifier(boolean requireNonce) {
    DpopVerifier.Builder verifier = DpopVerifier.builder();
    if (requireNonce) {
      byte[] secret = new byte[NONCE_KEY_BYTES];
      new SecureRandom().nextBytes(secret);
      verifier.requireNonce(NonceService.builder(new SecretKeySpec(secret, "HmacSHA256")).build());
    }
    return verifier.build();
  }

  private static void deploy(
      Context context, URI baseUri, DpopVerifier verifier, ServerKey key) {
    String issuer = baseUri.toString();
    String audience = baseUri.resolve("/api").toString();
    AccessTokenSigner signer = key.signer(issuer, audience, TOKEN_LIFETIME);
    DpopAuthenticator authenticator =
        DpopAuthenticator.of(
            verifier,
            JwtAccessTokenValidator.builder()
                .jwksUri(baseUri.resolve("/jwks"))
                .issuer(issuer)
                .audience(audience)
                .algorithms(Set.of(key.algorithm()))
                .build());

    addFilter(context, "dpop-token-endpoint",
        new DpopFilter(TokenEndpointProtection.of(verifier)), "/token");
    Tomcat.addServlet(context, "token", new TokenServlet(signer, CLIENT_ID, CLIENT_SECRET, SCOPE))
        .addMapping("/token");

    // Mapped to the servlet's path only: a second gate in front of the JAX-RS resources would use
    // up each proof's jti before the DpopFeature sees it.
    addFilter(context, "dpop-api",
        new DpopFilter(ResourceServerProtection.of(authenticator)), "/api/hello");
    Tomcat.addServlet(context, "hello", new HelloServlet()).addMapping("/api/hello");

    ResourceConfig jaxrs =
        new ResourceConfig(HelloResource.class)
            .register(new DpopFeature(authenticator))
            .property(ServerProperties.WADL_FEATURE_DISABLE, true)
            // Without it Jersey hands body-less 401 refusals to Tomcat's HTML error page.
            .property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
    Tomcat.addServlet(context, "jaxrs", new ServletContainer(jaxrs)).addMapping("/api/jaxrs/*");

    Tomcat.addServlet(context, "metadata",
            new JsonDocumentServlet(metadata(baseUri, verifier.allowedAlgorithms())))
        .addMapping("/.well-known/oauth-authorization-server");
    Tomcat.addServlet(context, "jwks", new JsonDocumentServlet(signer.jwksJson()))
        .addMapping("/jwks");
  }

  /** RFC 8414 metadata, with RFC 9449 §5.1's {@code dpop_signing_alg_values_supported}. */
  private static String metadata(URI baseUri, Set<JwsAlgorithm> proofAlgorithms) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("issuer", baseUri.toString());
    metadata.put("token_endpoint", baseUri.resolve("/token").toString());
    metadata.put("jwks_uri", baseUri.resolve("/jwks").toString());
    metadata.put("grant_types_supported", List.of("client_credentials"));
    metadata.put("token_endpoint_auth_methods_supported", List.of("client_secret_post"));
    metadata.put(
        "dpop_signing_alg_values_supported",
        proofAlgorithms.stream().map(JwsAlgorithm::joseName).toList());
    return JsonUtil.toJson(metadata);
  }

  private static void addFilter(Context context, String name, Filter filter, String urlPattern) {
    FilterDef definition = new FilterDef();
    definition.setFilterName(name);
    definition.setFilterClass(filter.getClass().getName());
    definition.setFilter(filter);
    context.addFilterDef(definition);
    FilterMap mapping = new FilterMap();
    mapping.setFilterName(name);
    mapping.addURLPattern(urlPattern);
    context.addFilterMap(mapping);
  }

  /** {@code http://127.0.0.1:PORT}, the issuer. */
  URI baseUri() {
    return baseUri;
  }

  URI tokenEndpoint() {
    return baseUri.resolve("/token");
  }

  boolean requiresNonce() {
    return verifier.requiresNonce();
  }

  /** Blocks until {@link #close()} has stopped the server, from another thread. */
  void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /** Stops Tomcat and removes its working directory; later calls do nothing. */
  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    try {
      tomcat.stop();
      tomcat.destroy();
    } catch (LifecycleException e) {
      throw new IllegalStateException("Tomcat did not stop cleanly", e);
    } finally {
      deleteRecursively(baseDir);
      stopped.countDown();
    }
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + directory, e);
    }
  }
}
