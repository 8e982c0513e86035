package org.dpop4j.core.token;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Whether a URL's host is this machine, told without asking DNS: plain http is allowed there
 * only, for the JWKS and for the introspection endpoint, unless explicitly allowed elsewhere.
 */
final class LoopbackHost {

  private LoopbackHost() {}

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
