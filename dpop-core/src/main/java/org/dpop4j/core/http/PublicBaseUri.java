package org.dpop4j.core.http;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * One public base URI of the protected application: scheme, host, port, and the path prefix a
 * reverse proxy strips before the request reaches the container. A request's public URI is the
 * base followed by the path the container received.
 */
final class PublicBaseUri {

  private final String scheme;
  private final String host;
  private final int port;
  /** The origin as written in a URI: the default port left out. */
  private final String origin;
  /** Empty, or {@code /segment...} without a trailing slash. */
  private final String pathPrefix;

  private PublicBaseUri(String scheme, String host, int port, String pathPrefix) {
    this.scheme = scheme;
    this.host = host;
    this.port = port;
    this.origin = scheme + "://" + host + (port == defaultPort(scheme) ? "" : ":" + port);
    this.pathPrefix = pathPrefix;
  }

  /**
   * @throws IllegalArgumentException quoting {@code uri} when it is not an absolute http(s) URI
   *     with a host, or has userinfo, a query, a fragment or a non-normalized path
   */
  static PublicBaseUri of(URI uri) {
    Objects.requireNonNull(uri, "public base URI");
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.isOpaque() || !(scheme.equals("http") || scheme.equals("https"))
        || uri.getHost() == null) {
      throw invalid(uri, "is not an absolute http(s) URI with a host");
    }
    if (uri.getRawUserInfo() != null) {
      throw invalid(uri, "has userinfo");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw invalid(uri, "has a query or fragment");
    }
    if (uri.getPort() == 0 || uri.getPort() > 65535) {
      throw invalid(uri, "has a port outside 1..65535");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String prefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    if (prefix.contains("//") || !URI.create(prefix.isEmpty() ? "/" : prefix).normalize().getRawPath()
        .equals(prefix.isEmpty() ? "/" : prefix)) {
      throw invalid(uri, "has an empty, '.' or '..' path segment");
    }
    int port = uri.getPort() == -1 ? defaultPort(scheme) : uri.getPort();
    return new PublicBaseUri(scheme, uri.getHost().toLowerCase(Locale.ROOT), port, prefix);
  }

  private static IllegalArgumentException invalid(URI uri, String why) {
    return new IllegalArgumentException("public base URI '" + uri + "' " + why);
  }

  private static int defaultPort(String scheme) {
    return scheme.equals("https") ? 443 : 80;
  }

  /** Whether {@code target} has this base's scheme, host and port (default ports included). */
  boolean hasOriginOf(URI target) {
    return scheme.equalsIgnoreCase(target.getScheme())
        && host.equalsIgnoreCase(target.getHost())
        && port == ProxyView.effectivePort(target);
  }

  /** Whether {@code other} has the same scheme, host and port, so a request cannot tell them apart. */
  boolean sameOrigin(PublicBaseUri other) {
    return origin.equals(other.origin);
  }

  /** This base followed by {@code rawPath}, the path the container received. */
  URI publicUri(String rawPath) {
    return URI.create(origin + pathPrefix + rawPath);
  }

  @Override
  public String toString() {
    return origin + pathPrefix;
  }
}
