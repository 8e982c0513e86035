package org.dpop4j.bench;

import jakarta.servlet.Filter;
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
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
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
import org.dpop4j.testing.LoopbackTomcat;
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
 * ES256 or RS256, checked on every request), behind {@link SignatureOnlyFilter} (the proof's ES256
 * signature and nothing else: the bound for any verifier) and without a filter. All get the same
 * requests, {@code Authorization} and {@code DPoP} headers included, from 1, 8 or 32 client threads, each with its
 * own {@code java.net.http} client and so its own keep-alive HTTP/1.1 connection; client, Tomcat
 * and filter share the machine's cores, so the client's and Tomcat's own costs are in all and
 * the difference is the filter's. Tomcat keeps a connection open for any number of requests. Each
 * iteration also prints the CPU time per request of Tomcat's threads and of the whole JVM
 * ({@link ServerCpu}).
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
  static final String SIGNATURE_ONLY_PATH = "/signature-only/orders";
  static final String UNPROTECTED_PATH = "/open/orders";
  static final int PROOFS = 4096;

  /**
   * Requests sent on one connection before JMH's own warm-up. With 32 connections, 100 and more
   * threads share 2 cores with the JIT compiler's threads, which then get so little CPU that
   * compiling the request path takes one to two minutes, far longer than JMH's warm-up
   * iterations: every number would describe a half-compiled server. On one connection the
   * compiler gets its share, and the measured iterations start from compiled code.
   */
  static final int WARM_UP_REQUESTS = 30_000;

  /** The server and the request pool, shared by every client thread. */
  @State(Scope.Benchmark)
  public static class Server {
    @Param({"with-filter", "signature-only", "without-filter"})
    public String filter;

    @Param({"ES256", "RS256"})
    public String token;

    private Path baseDir;
    private Tomcat tomcat;
    private final ResettableReplayCache replayCache = new ResettableReplayCache();
    private final List<HttpRequest> requests = new ArrayList<>(PROOFS);
    private final ServerCpu serverCpu = new ServerCpu();
    private int handedOut;
    private long requestsSent;

    @Setup(Level.Trial)
    public void startAndWarmUp() throws IOException, InterruptedException, LifecycleException {
      startServer();
      warmUpOnOneConnection(WARM_UP_REQUESTS);
    }

    void warmUpOnOneConnection(int count) throws IOException, InterruptedException {
      Connection connection = new Connection();
      for (int i = 0; i < count; i++) {
        request(this, connection);
      }
    }

    void startServer() throws IOException, LifecycleException {
      BenchTokens tokens = BenchTokens.generate(token);
      TestKey key = TestKey.generate("ES256");
      baseDir = Files.createTempDirectory("dpop-bench-tomcat");
      tomcat = LoopbackTomcat.create(baseDir);
      tomcat.getConnector().setProperty("maxKeepAliveRequests", "-1");
      Context context = tomcat.addContext("", null);
      Tomcat.addServlet(context, "orders", new OrdersServlet()).addMapping("/*");
      addFilter(context, "dpop", new DpopFilter(settings(tokens)), "/api/*");
      addFilter(
          context,
          "signature-only",
          new SignatureOnlyFilter((ECPublicKey) key.keyPair().getPublic()),
          "/signature-only/*");
      tomcat.start();

      String base = LoopbackTomcat.baseUri(tomcat);
      URI target =
          URI.create(
              base
                  + switch (filter) {
                    case "with-filter" -> PROTECTED_PATH;
                    case "signature-only" -> SIGNATURE_ONLY_PATH;
                    case "without-filter" -> UNPROTECTED_PATH;
                    default -> throw new IllegalArgumentException("filter=" + filter);
                  });
      String accessToken = tokens.boundToken(key.thumbprint());
      for (int i = 0; i < PROOFS; i++) {
        // htu names the protected URL either way, so that every request carries the same bytes.
        String proof = key.proof("GET", base + PROTECTED_PATH).accessToken(accessToken).sign();
        requests.add(
            HttpRequest.newBuilder(target)
                .header("Authorization", "DPoP " + accessToken)
                .header("DPoP", proof)
                .GET()
                .build());
      }
    }

    private static void addFilter(
        Context context, String name, Filter filter, String urlPattern) {
      FilterDef definition = new FilterDef();
      definition.setFilterName(name);
      definition.setFilter(filter);
      context.addFilterDef(definition);
      FilterMap mapping = new FilterMap();
      mapping.setFilterName(name);
      mapping.addURLPattern(urlPattern);
      context.addFilterMap(mapping);
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
      requestsSent++;
      int index = handedOut;
      handedOut = (handedOut + 1) % requests.size();
      if (index % (requests.size() / 2) == 0) {
        replayCache.reset();
      }
      return requests.get(index);
    }

    /** The pool's first request with one signature byte changed, for the smoke test. */
    HttpRequest withForgedSignature() {
      HttpRequest genuine = requests.get(0);
      String proof = genuine.headers().firstValue("DPoP").orElseThrow();
      byte[] signature = Base64.getUrlDecoder().decode(proof.substring(proof.lastIndexOf('.') + 1));
      signature[signature.length / 2] ^= 1;
      String forged =
          proof.substring(0, proof.lastIndexOf('.') + 1)
              + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
      return HttpRequest.newBuilder(genuine.uri())
          .header("Authorization", genuine.headers().firstValue("Authorization").orElseThrow())
          .header("DPoP", forged)
          .GET()
          .build();
    }

    private synchronized long requestsSent() {
      return requestsSent;
    }

    @Setup(Level.Iteration)
    public void startCpuAccount() {
      serverCpu.start(requestsSent());
    }

    /** Prints the CPU per request of Tomcat's threads and of the whole JVM in this iteration. */
    @TearDown(Level.Iteration)
    public void reportCpuAccount() {
      System.out.print(serverCpu.report(requestsSent()));
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
