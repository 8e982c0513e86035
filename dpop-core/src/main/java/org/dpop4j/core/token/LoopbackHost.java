package org.dpop4j.core.token;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Whether a URL's host is this machine, told without asking DNS: plain http is allowed there
 * only, for the JWKS and for the introspection endpoint, unless explicitly allowed elsewhere.
 */
final class LoopbackHost {

  private LoopbackHost() {}

  /**
   * Refuses {@code uri} unless it is an absolute http(s) URL, and plain http unless its host is
   * loopback or {@code allowInsecure}.
   *
   * @param what the URI's name in the message
   * @param allowInsecureOption the builder option that allows plain http
   * @param risk what whoever can alter the traffic could do
   * @throws IllegalArgumentException naming {@code what}
   */
  static void requireSecure(
      URI uri, boolean allowInsecure, String what, String allowInsecureOption, String risk) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException(what + " must be an absolute http(s) URL");
    }
    if (scheme.equals("http") && !allowInsecure && !is(uri.getHost())) {
      throw new IllegalArgumentException(
          what + " must use https outside loopback addresses, or " + allowInsecureOption
              + "(true) must be set: " + risk);
    }
  }

  /** Whether {@code host} is {@code localhost} (or under it) or a loopback literal. */
  static boolean is(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    if (name.equals("localhost") || name.endsWith(".localhost")) {
      return true;
    }
    boolean literal =
        name.startsWith("[") || name.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    if (!literal) {
      return false;
    }
    try {
      // A literal is parsed, never resolved.
      return InetAddress.getByName(name).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
