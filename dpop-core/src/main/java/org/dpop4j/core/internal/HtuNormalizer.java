package org.dpop4j.core.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;

/**
 * Brings an {@code http} or {@code https} URI to the form RFC 9449 §4.3 compares {@code htu} in:
 * without query and fragment, after the syntax- and scheme-based normalization of RFC 3986 §6.2.2
 * and §6.2.3 (scheme and host in lower case, default port and empty path made explicit, dot
 * segments removed, percent-encodings of unreserved characters decoded and the rest upper-cased).
 */
public final class HtuNormalizer {

  private static final String HEX = "0123456789ABCDEF";

  private HtuNormalizer() {}

  /**
   * The normalized form of {@code uri}, or empty when it is not an absolute {@code http(s)} URI
   * with a host and without user information.
   */
  public static Optional<String> normalize(String uri) {
    try {
      return normalize(new URI(uri));
    } catch (URISyntaxException | NumberFormatException e) {
      // java.net.URI lets a port beyond int range escape as NumberFormatException.
      return Optional.empty();
    }
  }

  /** As {@link #normalize(String)}, for an already parsed URI. */
  public static Optional<String> normalize(URI uri) {
    String scheme = uri.getScheme();
    if (scheme == null || uri.isOpaque() || uri.getRawUserInfo() != null) {
      return Optional.empty();
    }
    scheme = scheme.toLowerCase(Locale.ROOT);
    int defaultPort;
    if (scheme.equals("https")) {
      defaultPort = 443;
    } else if (scheme.equals("http")) {
      defaultPort = 80;
    } else {
      return Optional.empty();
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder(64).append(scheme).append("://");
    out.append(host.toLowerCase(Locale.ROOT));
    int port = uri.getPort();
    if (port != -1 && port != defaultPort) {
      out.append(':').append(port);
    }
    String path = uri.getRawPath();
    if (path == null || path.isEmpty()) {
      path = "/";
    }
    Optional<String> encoded = normalizePercentEncoding(path);
    if (encoded.isEmpty()) {
      return Optional.empty();
    }
    out.append(removeDotSegments(encoded.get()));
    return Optional.of(out.toString());
  }

  private static Optional<String> normalizePercentEncoding(String path) {
    if (path.indexOf('%') < 0) {
      return Optional.of(path);
    }
    StringBuilder out = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (i + 2 >= path.length()) {
        return Optional.empty();
      }
      int high = Character.digit(path.charAt(i + 1), 16);
      int low = Character.digit(path.charAt(i + 2), 16);
      if (high < 0 || low < 0) {
        return Optional.empty();
      }
      char decoded = (char) (high << 4 | low);
      if (isUnreserved(decoded)) {
        out.append(decoded);
      } else {
        out.append('%').append(HEX.charAt(high)).append(HEX.charAt(low));
      }
      i += 2;
    }
    return Optional.of(out.toString());
  }

  /** RFC 3986 §2.3 unreserved: ALPHA, DIGIT, "-", ".", "_" and "~". */
  public static boolean isUnreserved(char c) {
    return (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  /** RFC 3986 §5.2.4, on an absolute path. */
  private static String removeDotSegments(String path) {
    if (!path.contains(".")) {
      return path;
    }
    Deque<String> output = new ArrayDeque<>();
    String[] segments = path.substring(1).split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      boolean last = i == segments.length - 1;
      if (segment.equals(".")) {
        if (last) {
          output.addLast("");
        }
      } else if (segment.equals("..")) {
        output.pollLast();
        if (last) {
          output.addLast("");
        }
      } else {
        output.addLast(segment);
      }
    }
    return "/" + String.join("/", output);
  }
}
