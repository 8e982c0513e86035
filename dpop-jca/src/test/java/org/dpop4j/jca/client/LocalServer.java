package org.dpop4j.jca.client;

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
import org.dpop4j.core.http.HttpRefusal;

/** A real HTTP server on 127.0.0.1 and an ephemeral port, counting the requests per path. */
final class LocalServer implements AutoCloseable {

  /** Handles one exchange; may throw, which answers 500. */
  interface Handler {
    void handle(HttpExchange exchange) throws Exception;
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();

  LocalServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(executor);
    server.start();
  }

  void route(String path, Handler handler) {
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

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** The URI the client addressed, as a DPoP verifier must see it. */
  URI targetOf(HttpExchange exchange) {
    return uri(exchange.getRequestURI().getRawPath());
  }

  int requests(String path) {
    AtomicInteger count = requestCounts.get(path);
    return count == null ? 0 : count.get();
  }

  static List<String> header(HttpExchange exchange, String name) {
    List<String> values = exchange.getRequestHeaders().get(name);
    return values == null ? List.of() : values;
  }

  static String body(HttpExchange exchange) throws IOException {
    return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
  }

  static void respond(HttpExchange exchange, int status, Map<String, String> headers, String body)
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

  static void respond(HttpExchange exchange, HttpRefusal refusal) throws IOException {
    refusal.contentType().ifPresent(type -> exchange.getResponseHeaders().add("Content-Type", type));
    respond(exchange, refusal.status(), refusal.headers(), refusal.body());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
