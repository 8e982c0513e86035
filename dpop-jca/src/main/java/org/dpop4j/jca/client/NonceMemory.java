package org.dpop4j.jca.client;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The latest {@code DPoP-Nonce} each server sent: nonces are per origin (RFC 9449 §8). At most
 * {@link #MAXIMUM_ORIGINS} origins are remembered, the least recently used forgotten first, so a
 * client that follows URLs from responses or talks to many hosts stays small; a forgotten origin
 * costs one more {@code use_dpop_nonce} round trip. Thread-safe.
 */
final class NonceMemory {

  /** More origins than a client talks to at once; a few kilobytes. */
  static final int MAXIMUM_ORIGINS = 256;

  // Access-ordered, eldest first; guarded by itself, held for one map operation only.
  private final Map<String, String> noncesByOrigin =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
          return size() > MAXIMUM_ORIGINS;
        }
      };

  /** The nonce the origin of {@code target} sent last, if it sent one and is still remembered. */
  Optional<String> latestFor(URI target) {
    String origin = origin(target);
    synchronized (noncesByOrigin) {
      return Optional.ofNullable(noncesByOrigin.get(origin));
    }
  }

  /** Keeps the nonce a response with {@code headers} offers, if it offers one, and returns it. */
  Optional<String> remember(URI target, HttpHeaders headers) {
    Optional<String> nonce = headers.firstValue("DPoP-Nonce").filter(value -> !value.isBlank());
    if (nonce.isPresent()) {
      String origin = origin(target);
      synchronized (noncesByOrigin) {
        noncesByOrigin.put(origin, nonce.get());
      }
    }
    return nonce;
  }

  /** How many origins are remembered: never more than {@link #MAXIMUM_ORIGINS}. */
  int size() {
    synchronized (noncesByOrigin) {
      return noncesByOrigin.size();
    }
  }

  /** Scheme, host and port. */
  private static String origin(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
  }
}
