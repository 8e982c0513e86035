package org.dpop4j.core.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.RefusalReason;

/**
 * The client's scheme, host and port as one kind of forwarding header reports them; every part
 * optional. Of a list of values the last is taken, the one the directly connected proxy added;
 * an earlier one may come from the client.
 */
record ProxyView(Optional<String> proto, Optional<String> host, Optional<String> port) {

  /**
   * @throws DpopException {@link RefusalReason#HTU_MISMATCH} when a value is malformed, {@link
   *     RefusalReason#CONFLICTING_PROXY_HEADERS} when {@code X-Forwarded-Host} and {@code
   *     X-Forwarded-Port} name different ports
   */
  static ProxyView read(TrustedProxyHeader kind, Function<String, List<String>> headers)
      throws DpopException {
    if (kind == TrustedProxyHeader.FORWARDED) {
      List<String> values = headers.apply("Forwarded");
      if (values.isEmpty()) {
        return new ProxyView(Optional.empty(), Optional.empty(), Optional.empty());
      }
      List<Map<String, String>> elements = ForwardedHeader.parse(values);
      if (elements.isEmpty()) {
        throw new DpopException(RefusalReason.HTU_MISMATCH);
      }
      Map<String, String> last = elements.get(elements.size() - 1);
      return new ProxyView(
          proto(Optional.ofNullable(last.get("proto"))),
          host(Optional.ofNullable(last.get("host"))),
          Optional.empty());
    }
    ProxyView view =
        new ProxyView(
            proto(lastValue(headers.apply("X-Forwarded-Proto"))),
            host(lastValue(headers.apply("X-Forwarded-Host"))),
            port(lastValue(headers.apply("X-Forwarded-Port"))));
    if (view.host.isPresent() && view.port.isPresent()) {
      int hostPort = URI.create("http://" + view.host.get() + "/").getPort();
      if (hostPort != -1 && hostPort != Integer.parseInt(view.port.get())) {
        throw new DpopException(RefusalReason.CONFLICTING_PROXY_HEADERS);
      }
    }
    return view;
  }

  /** Whether this view names a scheme, host or port that {@code target} does not have. */
  boolean contradicts(URI target) {
    if (proto.isPresent() && !proto.get().equalsIgnoreCase(target.getScheme())) {
      return true;
    }
    if (host.isPresent()) {
      URI authority = URI.create("http://" + host.get() + "/");
      if (!authority.getHost().equalsIgnoreCase(target.getHost())
          || (authority.getPort() != -1 && authority.getPort() != effectivePort(target))) {
        return true;
      }
    }
    return port.isPresent() && Integer.parseInt(port.get()) != effectivePort(target);
  }

  /** The port of an http(s) URI, its scheme's default when none is written. */
  static int effectivePort(URI uri) {
    if (uri.getPort() != -1) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static Optional<String> lastValue(List<String> values) {
    if (values.isEmpty()) {
      return Optional.empty();
    }
    String last = values.get(values.size() - 1);
    return Optional.of(last.substring(last.lastIndexOf(',') + 1).strip());
  }

  private static Optional<String> proto(Optional<String> value) throws DpopException {
    if (value.isEmpty()) {
      return value;
    }
    String proto = value.get().toLowerCase(Locale.ROOT);
    if (!proto.equals("http") && !proto.equals("https")) {
      throw new DpopException(RefusalReason.HTU_MISMATCH);
    }
    return Optional.of(proto);
  }

  /** A {@code host[:port]} with a reg-name, IPv4 or bracketed IPv6 host, and nothing else. */
  private static Optional<String> host(Optional<String> value) throws DpopException {
    if (value.isEmpty()) {
      return value;
    }
    String host = value.get();
    if (host.isEmpty() || !host.matches("[A-Za-z0-9.\\-:\\[\\]]+")) {
      throw new DpopException(RefusalReason.HTU_MISMATCH);
    }
    try {
      URI uri = new URI("http://" + host + "/");
      if (uri.getHost() == null || !host.equals(uri.getRawAuthority()) || uri.getPort() == 0
          || uri.getPort() > 65535) {
        throw new DpopException(RefusalReason.HTU_MISMATCH);
      }
    } catch (URISyntaxException e) {
      throw new DpopException(RefusalReason.HTU_MISMATCH, e);
    }
    return Optional.of(host);
  }

  private static Optional<String> port(Optional<String> value) throws DpopException {
    if (value.isEmpty()) {
      return value;
    }
    String port = value.get();
    if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
      throw new DpopException(RefusalReason.HTU_MISMATCH);
    }
    return Optional.of(port);
  }
}
