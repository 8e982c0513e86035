package org.dpop4j.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 and an ephemeral port (the JDK's), as OkHttp's MockWebServer:
 * the test scripts each path's answers with a {@link Handler} and asks afterwards how many
 * requests each path received.
 */
public final class LocalHttpServer implements AutoCloseable {

  /** Handles one exchange; may throw, which answers 500. */
  @FunctionalInterface
  public interface Handler {
    void handle(HttpExchange exchange) throws Exception;
  }

  /** An answer to send: status, headers and body (none if empty). */
  public record Answer(int status, Map<String, String> headers, String body) {
    public Answer {
      headers = Map.copyOf(headers);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();

  public LocalHttpServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.start();
  }

  /** Answers the requests to {@code path} (and below it) with {@code handler}, counting them. */
  public void route(String path, Handler handler) {
    HttpHandler counting =
        exchange -> {
          requestCounts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
          try (exchange) {
            handler.handle(exchange);
          } catch (Exception e) {
            respond(exchange, 500, Map.of(), e.toString());
          }
        };
    server.createContext(path, counting);
  }

  /** {@code http://127.0.0.1:<port>}, with no trailing slash. */
  public String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public URI uri(String path) {
    return URI.create(origin() + path);
  }

  /** The URI the client addressed, as a DPoP verifier must see it. */
  public URI targetOf(HttpExchange exchange) {
    return uri(exchange.getRequestURI().getRawPath());
  }

  /** How many requests {@code path}'s route has received. */
  public int requests(String path) {
    AtomicInteger count = requestCounts.get(path);
    return count == null ? 0 : count.get();
  }

  /** The request's values of header {@code name}, none if absent. */
  public static List<String> header(HttpExchange exchange, String name) {
    List<String> values = exchange.getRequestHeaders().get(name);
    return values == null ? List.of() : values;
  }

  public static String body(HttpExchange exchange) throws IOException {
    return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
  }

  public static void respond(
      HttpExchange exchange, int status, Map<String, String> headers, String body)
      throws IOException {
    headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  public static void respond(HttpExchange exchange, Answer answer) throws IOException {
    respond(exchange, answer.status(), answer.headers(), answer.body());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
