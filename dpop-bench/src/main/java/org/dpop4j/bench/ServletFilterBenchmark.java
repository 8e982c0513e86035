package org.dpop4j.bench;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.dpop4j.core.DpopAuthenticator;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.ProofAlgorithm;
import org.dpop4j.core.config.DpopSettings;
import org.dpop4j.core.testing.TestKey;
import org.dpop4j.core.testing.TestTokens;
import org.dpop4j.core.token.JwtAccessTokenValidator;
import org.dpop4j.servlet.DpopFilter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Requests per second to an embedded Tomcat 11 on loopback: the same servlet behind {@link
 * DpopFilter} as a resource server (the ES256 proof, by one client key, and the JWT access token
 * checked on every request) and without it. Both get the same requests, {@code Authorization} and
 * {@code DPoP} headers included, from one client thread over one keep-alive HTTP/1.1 connection
 * ({@code java.net.http}), so the client's and Tomcat's own costs are in both and the difference
 * is the filter's. The two share the machine's cores with the client.
 *
 * <p>Proofs are signed in setup, each used once per lap of the pool; the filter's in-memory replay
 * cache is emptied between laps.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class ServletFilterBenchmark {

  static final String PROTECTED_PATH = "/api/orders";
  static final String UNPROTECTED_PATH = "/open/orders";
  static final int PROOFS = 4096;

  @Param({"with-filter", "without-filter"})
  public String filter;

  private Path baseDir;
  private Tomcat tomcat;
  private final ResettableReplayCache replayCache = new ResettableReplayCache();
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<HttpRequest> requests = new ArrayList<>(PROOFS);
  private int next;

  @Setup(Level.Trial)
  public void startServer() throws IOException, LifecycleException {
    TestTokens tokens = TestTokens.generate();
    baseDir = Files.createTempDirectory("dpop-bench-tomcat");
    tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", null);
    Tomcat.addServlet(context, "orders", new OrdersServlet()).addMapping("/*");
    FilterDef dpop = new FilterDef();
    dpop.setFilterName("dpop");
    dpop.setFilter(new DpopFilter(settings(tokens)));
    context.addFilterDef(dpop);
    FilterMap mapping = new FilterMap();
    mapping.setFilterName("dpop");
    mapping.addURLPattern("/api/*");
    context.addFilterMap(mapping);
    tomcat.start();

    String base = "http://127.0.0.1:" + tomcat.getConnector().getLocalPort();
    String path = filter.equals("with-filter") ? PROTECTED_PATH : UNPROTECTED_PATH;
    URI target = URI.create(base + path);
    TestKey key = TestKey.generate(ProofAlgorithm.ES256);
    String accessToken = tokens.boundToken("bench", key.thumbprint(), "read");
    for (int i = 0; i < PROOFS; i++) {
      // htu names the protected URL either way, so that both requests carry the same bytes.
      String proof = key.proof("GET", base + PROTECTED_PATH).accessToken(accessToken).sign();
      requests.add(
          HttpRequest.newBuilder(target)
              .header("Authorization", "DPoP " + accessToken)
              .header("DPoP", proof)
              .GET()
              .build());
    }
  }

  private DpopSettings settings(TestTokens tokens) {
    DpopVerifier verifier =
        DpopVerifier.builder()
            .allowedAlgorithms(Set.of(ProofAlgorithm.ES256))
            .proofLifetime(Dpop4jVerification.PROOF_LIFETIME, Duration.ofSeconds(10))
            .replayCache(replayCache)
            .build();
    JwtAccessTokenValidator tokenValidator =
        JwtAccessTokenValidator.builder()
            .jwks(tokens.jwksJson())
            .issuer(TestTokens.ISSUER)
            .audience(TestTokens.AUDIENCE)
            .build();
    return DpopSettings.resourceServer(DpopAuthenticator.of(verifier, tokenValidator)).build();
  }

  @TearDown(Level.Trial)
  public void stopServer() throws IOException, LifecycleException {
    tomcat.stop();
    tomcat.destroy();
    try (Stream<Path> files = Files.walk(baseDir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  /** One request; anything but 200 fails the benchmark rather than measuring refusals. */
  @Benchmark
  public int request() throws IOException, InterruptedException {
    if (next == 0) {
      replayCache.reset();
    }
    HttpRequest request = requests.get(next);
    next = (next + 1) % requests.size();
    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "status " + response.statusCode() + ": " + response.headers().map());
    }
    return response.body().length();
  }

  /** The application: a small fixed response, the same with and without the filter. */
  static final class OrdersServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setContentType("application/json");
      response.getWriter().write("{\"orders\":[]}");
    }
  }
}
