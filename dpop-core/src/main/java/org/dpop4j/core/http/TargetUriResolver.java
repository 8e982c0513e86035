package org.dpop4j.core.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.RefusalReason;

/**
 * Tells the URI a client addressed, which a proof's {@code htu} must match (RFC 9449 §4.3).
 *
 * <p>The request's own view comes first: the URL the container received, its host taken from the
 * {@code Host} header. Behind a reverse proxy that URL names the proxy's upstream, so the client's
 * scheme, host and port come from the one forwarding header the proxy is configured to write
 * ({@link TrustedProxyHeader}): RFC 7239 {@code Forwarded}, or {@code X-Forwarded-Proto}, {@code
 * X-Forwarded-Host} and {@code X-Forwarded-Port}. Those headers are honoured only when the direct
 * peer is one of the configured proxies: from anyone else they are ignored, since a client could
 * otherwise make a proof written for one server acceptable to another. The value used is the last
 * one, which the directly connected proxy added; an earlier one may come from the client. A
 * request whose other forwarding header names a different scheme, host or port is refused: one of
 * the two was written by the client, and the configuration may have named the wrong one.
 *
 * <p>With public base URIs, the request's view only selects one of them, by scheme, host and
 * port: a request for any other origin is refused, and the target is the selected base followed
 * by the path the container received. Without them the client's {@code Host} header (or the
 * trusted proxy) decides the host, so a proof and token captured at another deployment that
 * accepts the same tokens are accepted here when the request names that deployment's host.
 *
 * <p>Immutable and thread-safe.
 */
public final class TargetUriResolver {

  private static final TargetUriResolver WITHOUT_PROXIES = builder().build();

  private final List<AddressRange> trustedProxies;
  private final TrustedProxyHeader proxyHeader;
  private final List<PublicBaseUri> publicBaseUris;

  private TargetUriResolver(Builder builder) {
    this.trustedProxies = List.copyOf(builder.trustedProxies);
    this.proxyHeader = builder.proxyHeader;
    this.publicBaseUris = List.copyOf(builder.publicBaseUris);
  }

  /** A resolver that ignores every forwarding header and has no public base URIs. */
  public static TargetUriResolver withoutProxies() {
    return WITHOUT_PROXIES;
  }

  /**
   * A resolver that honours {@code header} from these peers, without public base URIs.
   *
   * @throws IllegalArgumentException naming the first entry that is not an address or range
   */
  public static TargetUriResolver trustingProxies(
      TrustedProxyHeader header, Collection<String> addressesOrRanges) {
    return builder().trustedProxies(header, addressesOrRanges).build();
  }

  /** Starts a resolver; without settings it is {@link #withoutProxies()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether any proxy is trusted, so that the peer address is needed. */
  public boolean trustsProxies() {
    return !trustedProxies.isEmpty();
  }

  /** Whether the public base URIs are configured, so that the {@code Host} header cannot choose. */
  public boolean hasPublicBaseUris() {
    return !publicBaseUris.isEmpty();
  }

  /** The forwarding header the trusted proxies write; null when no proxy is trusted. */
  TrustedProxyHeader proxyHeader() {
    return proxyHeader;
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
   *     proxy's forwarding header cannot form an http(s) URI, since no proof could match it;
   *     {@link RefusalReason#CONFLICTING_PROXY_HEADERS} when the forwarding headers disagree;
   *     {@link RefusalReason#TARGET_OUTSIDE_PUBLIC_BASE} when the request is for none of the
   *     public base URIs
   */
  public URI resolve(IncomingRequest request) throws DpopException {
    URI direct = parse(request.requestUrl());
    String path = direct.getRawPath() == null || direct.getRawPath().isEmpty() ? "/" : direct.getRawPath();
    URI target = parse(direct.getScheme().toLowerCase(Locale.ROOT) + "://" + direct.getRawAuthority() + path);
    if (request.peerAddress().filter(this::isTrustedProxy).isPresent()) {
      target = forwarded(target, request, path);
    }
    if (publicBaseUris.isEmpty()) {
      return target;
    }
    for (PublicBaseUri base : publicBaseUris) {
      if (base.hasOriginOf(target)) {
        return base.publicUri(path);
      }
    }
    throw new DpopException(RefusalReason.TARGET_OUTSIDE_PUBLIC_BASE);
  }

  private URI forwarded(URI direct, IncomingRequest request, String path) throws DpopException {
    ProxyView view = ProxyView.read(proxyHeader, request::headerValues);
    String scheme = direct.getScheme();
    String host = direct.getRawAuthority();
    if (view.proto().isPresent()) {
      scheme = view.proto().get();
      // The container's port belongs to the proxy's upstream connection, not to the client.
      host = direct.getHost();
    }
    if (view.host().isPresent()) {
      host = view.host().get();
    }
    if (view.port().isPresent()) {
      host = URI.create("http://" + host).getHost() + ":" + view.port().get();
    }
    URI target = parse(scheme + "://" + host + path);
    TrustedProxyHeader other =
        proxyHeader == TrustedProxyHeader.FORWARDED
            ? TrustedProxyHeader.X_FORWARDED
            : TrustedProxyHeader.FORWARDED;
    ProxyView otherView;
    try {
      otherView = ProxyView.read(other, request::headerValues);
    } catch (DpopException unreadable) {
      throw new DpopException(RefusalReason.CONFLICTING_PROXY_HEADERS, unreadable);
    }
    if (otherView.contradicts(target)) {
      throw new DpopException(RefusalReason.CONFLICTING_PROXY_HEADERS);
    }
    return target;
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

  /** Collects a {@link TargetUriResolver}; each part may be set once. */
  public static final class Builder {
    private final List<AddressRange> trustedProxies = new ArrayList<>();
    private TrustedProxyHeader proxyHeader = TrustedProxyHeader.X_FORWARDED;
    private final List<PublicBaseUri> publicBaseUris = new ArrayList<>();

    private Builder() {}

    /**
     * Honours {@code header}, and only that one, from these peers.
     *
     * @param header the forwarding header these proxies write
     * @param addressesOrRanges IPv4 or IPv6 addresses and CIDR ranges, for example {@code
     *     10.0.0.0/8}, {@code 192.0.2.7}, {@code fd00::/8}; names are not accepted
     * @throws IllegalArgumentException naming the first entry that is not an address or range,
     *     or when there is none
     * @throws IllegalStateException when trusted proxies are already set
     */
    public Builder trustedProxies(TrustedProxyHeader header, Collection<String> addressesOrRanges) {
      Objects.requireNonNull(header, "header");
      Objects.requireNonNull(addressesOrRanges, "addressesOrRanges");
      if (!trustedProxies.isEmpty()) {
        throw new IllegalStateException("trusted proxies are already set");
      }
      List<AddressRange> ranges = new ArrayList<>();
      for (String entry : addressesOrRanges) {
        Objects.requireNonNull(entry, "trusted proxy address or range");
        ranges.add(AddressRange.parse(entry.strip()));
      }
      if (ranges.isEmpty()) {
        throw new IllegalArgumentException("no trusted proxy address or range given");
      }
      trustedProxies.addAll(ranges);
      proxyHeader = header;
      return this;
    }

    /**
     * The public base URIs of the protected application: when set, a request for any other
     * scheme, host or port is refused, and the target URI a proof must name is the base of the
     * request's scheme, host and port followed by the path the container received. A base's
     * path is the prefix a reverse proxy strips before forwarding ({@code
     * https://gw.example.com/eu} when the proxy forwards {@code /eu/orders} as {@code /orders});
     * for an application the client reaches without such a proxy, leave the path out, even
     * when it has a context path. Default ports may be written or not.
     *
     * @throws IllegalArgumentException quoting the first URI that is not an absolute http(s) URI
     *     with a host, or has userinfo, a query or a fragment; when two share scheme, host and
     *     port (a request could not tell which prefix was stripped); when there is none
     * @throws IllegalStateException when public base URIs are already set
     */
    public Builder publicBaseUris(Collection<URI> baseUris) {
      Objects.requireNonNull(baseUris, "baseUris");
      if (!publicBaseUris.isEmpty()) {
        throw new IllegalStateException("public base URIs are already set");
      }
      List<PublicBaseUri> bases = new ArrayList<>();
      for (URI uri : baseUris) {
        PublicBaseUri base = PublicBaseUri.of(uri);
        for (PublicBaseUri earlier : bases) {
          if (earlier.sameOrigin(base)) {
            throw new IllegalArgumentException(
                "public base URIs '" + earlier + "' and '" + base + "' share scheme, host and port");
          }
        }
        bases.add(base);
      }
      if (bases.isEmpty()) {
        throw new IllegalArgumentException("no public base URI given");
      }
      publicBaseUris.addAll(bases);
      return this;
    }

    public TargetUriResolver build() {
      return new TargetUriResolver(this);
    }
  }

  /** For diagnostics: what is trusted, never request data. */
  @Override
  public String toString() {
    return "TargetUriResolver{proxies=" + trustedProxies.size()
        + (trustsProxies() ? ", header=" + proxyHeader.settingValue() : "")
        + ", publicBaseUris=" + publicBaseUris + "}";
  }
}
