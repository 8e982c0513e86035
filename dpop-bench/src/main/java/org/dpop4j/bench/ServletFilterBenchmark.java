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
import org.dpop4j.core.AccessTokenValidator;
import org.dpop4j.core.DpopAuthenticator;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.config.DpopSettings;
import org.dpop4j.core.http.ResourceServerProtection;
import org.dpop4j.testing.TestKey;
import org.dpop4j.testing.TestTokens;
import org.dpop4j.core.token.JwtAccessTokenValidator;
import org.dpop4j.core.token.ValidatedTokenCache;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * Requests per second to an embedded Tomcat 11 on loopback: the same servlet behind {@link
 * DpopFilter} as a resource server (the ES256 proof, by one client key, and the JWT access token,
 * ES256 or RS256, checked on every request) and without it. Both get the same requests, {@code
 * Authorization} and {@code DPoP} headers included, from 1, 8 or 32 client threads, each with its
 * own {@code java.net.http} client and so its own keep-alive HTTP/1.1 connection; client, Tomcat
 * and filter share the machine's cores, so the client's and Tomcat's own costs are in both and
 * the difference is the filter's. Tomcat keeps a connection open for any number of requests.
 *
 * <p>The filter's token validator is the one {@code DpopSettings} builds: a {@link
 * ValidatedTokenCache} in front of {@link JwtAccessTokenValidator}; every request still gets the
 * proof, {@code ath}, binding, replay and token expiry checks. Proofs are signed in setup and
 * handed out in turn to all threads; the in-memory replay cache is emptied each time half of the
 * pool has been handed out, so a proof comes back only after the store that saw it has been
 * emptied, even when a request of the previous half arrives late.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ServletFilterBenchmark {

  static final String PROTECTED_PATH = "/api/orders";
  static final String UNPROTECTED_PATH = "/open/orders";
  static final int PROOFS = 4096;

  /** The server and the request pool, shared by every client thread. */
  @State(Scope.Benchmark)
  public static class Server {
    @Param({"with-filter", "without-filter"})
    public String filter;

    @Param({"ES256", "RS256"})
    public String token;

    private Path baseDir;
    private Tomcat tomcat;
    private final ResettableReplayCache replayCache = new ResettableReplayCache();
    private final List<HttpRequest> requests = new ArrayList<>(PROOFS);
    private int handedOut;

    @Setup(Level.Trial)
    public void startServer() throws IOException, LifecycleException {
      BenchTokens tokens = BenchTokens.generate(token);
      baseDir = Files.createTempDirectory("dpop-bench-tomcat");
      tomcat = new Tomcat();
      tomcat.setBaseDir(baseDir.toString());
      Connector connector = new Connector();
      connector.setPort(0);
      connector.setProperty("address", "127.0.0.1");
      connector.setProperty("maxKeepAliveRequests", "-1");
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
      TestKey key = TestKey.generate("ES256");
      String accessToken = tokens.boundToken(key.thumbprint());
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

    private ResourceServerProtection settings(BenchTokens tokens) {
      DpopVerifier verifier =
          DpopVerifier.builder()
              .allowedAlgorithms(Set.of(JwsAlgorithm.ES256))
              .proofLifetime(Dpop4jVerification.PROOF_LIFETIME, Duration.ofSeconds(10))
              .replayCache(replayCache)
              .build();
      AccessTokenValidator tokenValidator =
          ValidatedTokenCache.builder()
              .build()
              .cachingValidator(
                  JwtAccessTokenValidator.builder()
                      .jwks(tokens.jwksJson())
                      .issuer(TestTokens.ISSUER)
                      .audience(TestTokens.AUDIENCE)
                      .build());
      return ResourceServerProtection.of(DpopAuthenticator.of(verifier, tokenValidator));
    }

    /** The next request of the pool; empties the replay cache at the start of each half. */
    synchronized HttpRequest nextRequest() {
      int index = handedOut;
      handedOut = (handedOut + 1) % requests.size();
      if (index % (requests.size() / 2) == 0) {
        replayCache.reset();
      }
      return requests.get(index);
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
  }

  /** One client thread's own HTTP client, and so its own connection. */
  @State(Scope.Thread)
  public static class Connection {
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @Benchmark
  @Threads(1)
  public int oneConnection(Server server, Connection connection)
      throws IOException, InterruptedException {
    return request(server, connection);
  }

  @Benchmark
  @Threads(8)
  public int eightConnections(Server server, Connection connection)
      throws IOException, InterruptedException {
    return request(server, connection);
  }

  @Benchmark
  @Threads(32)
  public int thirtyTwoConnections(Server server, Connection connection)
      throws IOException, InterruptedException {
    return request(server, connection);
  }

  /** One request; anything but 200 fails the benchmark rather than measuring refusals. */
  static int request(Server server, Connection connection)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        connection.client.send(server.nextRequest(), HttpResponse.BodyHandlers.ofString());
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
