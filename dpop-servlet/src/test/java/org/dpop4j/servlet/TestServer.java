package org.dpop4j.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.dpop4j.core.config.DpopSettings;
import org.dpop4j.testing.LoopbackTomcat;
import org.dpop4j.testing.TestTokens;

/**
 * An embedded Tomcat on a loopback port with the {@link EchoServlet} behind DPoP filters
 * configured from init-params, as a WAR would configure them.
 */
final class TestServer implements AutoCloseable {

  /** Large enough that oversized DPoP and Authorization values reach the filter. */
  static final int MAX_REQUEST_HEADER_BYTES = 256 * 1024;

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private final Tomcat tomcat;
  private final Context context;

  TestServer(Path baseDir) {
    tomcat = LoopbackTomcat.create(baseDir);
    tomcat
        .getConnector()
        .setProperty("maxHttpRequestHeaderSize", Integer.toString(MAX_REQUEST_HEADER_BYTES));
    context = tomcat.addContext("", null);
    Tomcat.addServlet(context, "echo", new EchoServlet()).addMapping("/*");
  }

  /** Resource-server init-params validating tokens from {@code tokens}. */
  static Map<String, String> resourceServer(TestTokens tokens, String algorithms) {
    Map<String, String> settings = new HashMap<>();
    settings.put(DpopSettings.JWKS, tokens.jwksJson());
    settings.put(DpopSettings.ISSUER, TestTokens.ISSUER);
    settings.put(DpopSettings.AUDIENCE, TestTokens.AUDIENCE);
    settings.put(DpopSettings.ALGORITHMS, algorithms);
    return settings;
  }

  TestServer filter(String name, String urlPattern, Map<String, String> initParams) {
    FilterDef filter = new FilterDef();
    filter.setFilterName(name);
    filter.setFilterClass(DpopFilter.class.getName());
    initParams.forEach(filter::addInitParameter);
    return add(filter, urlPattern);
  }

  /** A filter constructed in code, as {@code ServletContext.addFilter} would register it. */
  TestServer filter(String name, String urlPattern, DpopFilter instance) {
    FilterDef filter = new FilterDef();
    filter.setFilterName(name);
    filter.setFilterClass(DpopFilter.class.getName());
    filter.setFilter(instance);
    return add(filter, urlPattern);
  }

  private TestServer add(FilterDef filter, String urlPattern) {
    context.addFilterDef(filter);
    FilterMap mapping = new FilterMap();
    mapping.setFilterName(filter.getFilterName());
    mapping.addURLPattern(urlPattern);
    context.addFilterMap(mapping);
    return this;
  }

  TestServer start() throws LifecycleException {
    tomcat.start();
    return this;
  }

  /** Whether the context started: a filter that fails its {@code init} stops it. */
  boolean isAvailable() {
    return context.getState().isAvailable();
  }

  String base() {
    return "http://127.0.0.1:" + port();
  }

  int port() {
    return tomcat.getConnector().getLocalPort();
  }

  HttpRequest.Builder get(String path) {
    return HttpRequest.newBuilder(URI.create(base() + path)).GET();
  }

  /** A form-encoded POST of {@code form} to {@code path}. */
  HttpRequest.Builder post(String path, String form) {
    return HttpRequest.newBuilder(URI.create(base() + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form));
  }

  static HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * Sends {@code request} byte for byte over a plain socket, for what {@link HttpClient} refuses
   * to send (raw CR, LF or non-ASCII bytes in a header), and returns the status line and headers.
   */
  String sendRaw(byte[] request) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port()), 5_000);
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream response = new ByteArrayOutputStream();
      in.transferTo(response);
      return response.toString(StandardCharsets.ISO_8859_1);
    }
  }

  @Override
  public void close() throws LifecycleException {
    tomcat.stop();
    tomcat.destroy();
  }
}
