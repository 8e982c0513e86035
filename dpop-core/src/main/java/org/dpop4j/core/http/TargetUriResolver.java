package org.dpop4j.core.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.RefusalReason;

/**
 * Tells the URI a client addressed, which a proof's {@code htu} must match (RFC 9449 §4.3).
 *
 * <p>Without proxies it is the URL the container received. Behind a reverse proxy that URL names
 * the proxy's upstream, so the client's scheme, host and port come from the {@code Forwarded}
 * header (RFC 7239) or, when there is none, from {@code X-Forwarded-Proto}, {@code
 * X-Forwarded-Host} and {@code X-Forwarded-Port}. Those headers are honoured only when the direct
 * peer is one of the configured proxies: from anyone else they are ignored, since a client could
 * otherwise make a proof written for one server acceptable to another. The value used is the last
 * one, which the directly connected proxy added; an earlier one may come from the client.
 *
 * <p>Immutable and thread-safe.
 */
public final class TargetUriResolver {

  private static final TargetUriResolver WITHOUT_PROXIES = new TargetUriResolver(List.of());

  private final List<AddressRange> trustedProxies;

  private TargetUriResolver(List<AddressRange> trustedProxies) {
    this.trustedProxies = List.copyOf(trustedProxies);
  }

  /** A resolver that ignores every forwarding header. */
  public static TargetUriResolver withoutProxies() {
    return WITHOUT_PROXIES;
  }

  /**
   * A resolver that honours forwarding headers from these peers.
   *
   * @param addressesOrRanges IPv4 or IPv6 addresses and CIDR ranges, for example {@code
   *     10.0.0.0/8}, {@code 192.0.2.7}, {@code fd00::/8}; names are not accepted
   * @throws IllegalArgumentException naming the first entry that is not an address or range
   */
  public static TargetUriResolver trustingProxies(Collection<String> addressesOrRanges) {
    List<AddressRange> ranges = new ArrayList<>();
    for (String entry : addressesOrRanges) {
      ranges.add(AddressRange.parse(entry.strip()));
    }
    return new TargetUriResolver(ranges);
  }

  /** Whether any proxy is trusted, so that the peer address is needed. */
  public boolean trustsProxies() {
    return !trustedProxies.isEmpty();
  }

  /** Whether {@code peerAddress} is one of the trusted proxies. */
  public boolean isTrustedProxy(String peerAddress) {
    for (AddressRange range : trustedProxies) {
      if (range.contains(peerAddress)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The target URI of {@code request}: scheme, host, port and raw path, without query.
   *
   * @throws DpopException {@link RefusalReason#HTU_MISMATCH} when the request URL or a trusted
   *     proxy's forwarding header cannot form an http(s) URI, since no proof could match it
   */
  public URI resolve(IncomingRequest request) throws DpopException {
    URI direct = parse(request.requestUrl());
    String scheme = direct.getScheme().toLowerCase(Locale.ROOT);
    String host = direct.getRawAuthority();
    boolean behindTrustedProxy = request.peerAddress().filter(this::isTrustedProxy).isPresent();
    if (behindTrustedProxy) {
      Forwarded forwarded = forwarded(request::headerValues);
      if (forwarded.proto().isPresent()) {
        scheme = forwarded.proto().get();
        // The container's port belongs to the proxy's upstream connection, not to the client.
        host = URI.create("http://" + host).getHost();
      }
      if (forwarded.host().isPresent()) {
        host = forwarded.host().get();
      }
      if (forwarded.port().isPresent()) {
        host = URI.create("http://" + host).getHost() + ":" + forwarded.port().get();
      }
    }
    String path = direct.getRawPath() == null || direct.getRawPath().isEmpty() ? "/" : direct.getRawPath();
    return parse(scheme + "://" + host + path);
  }

  private static URI parse(String url) throws DpopException {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (scheme == null
          || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || uri.getHost() == null
          || uri.getRawUserInfo() != null) {
        throw new DpopException(RefusalReason.HTU_MISMATCH);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new DpopException(RefusalReason.HTU_MISMATCH, e);
    }
  }

  /** The client's view as the trusted proxy reported it; every part optional. */
  private record Forwarded(Optional<String> proto, Optional<String> host, Optional<String> port) {}

  private static Forwarded forwarded(Function<String, List<String>> headers) throws DpopException {
    List<String> forwardedValues = headers.apply("Forwarded");
    if (!forwardedValues.isEmpty()) {
      List<Map<String, String>> elements = ForwardedHeader.parse(forwardedValues);
      if (elements.isEmpty()) {
        throw new DpopException(RefusalReason.HTU_MISMATCH);
      }
      Map<String, String> last = elements.get(elements.size() - 1);
      return new Forwarded(
          proto(Optional.ofNullable(last.get("proto"))),
          host(Optional.ofNullable(last.get("host"))),
          Optional.empty());
    }
    return new Forwarded(
        proto(lastValue(headers.apply("X-Forwarded-Proto"))),
        host(lastValue(headers.apply("X-Forwarded-Host"))),
        port(lastValue(headers.apply("X-Forwarded-Port"))));
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
      if (uri.getHost() == null || !host.equals(uri.getRawAuthority())) {
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
