package org.dpop4j.jca.client;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The latest {@code DPoP-Nonce} each server sent: nonces are per origin (RFC 9449 §8). */
final class NonceMemory {

  private final Map<String, String> noncesByOrigin = new ConcurrentHashMap<>();

  /** The nonce the origin of {@code target} sent last, if it ever sent one. */
  Optional<String> latestFor(URI target) {
    return Optional.ofNullable(noncesByOrigin.get(origin(target)));
  }

  /** Keeps the nonce {@code response} offers, if it offers one, and returns it. */
  Optional<String> remember(URI target, HttpResponse<?> response) {
    Optional<String> nonce =
        response.headers().firstValue("DPoP-Nonce").filter(value -> !value.isBlank());
    nonce.ifPresent(value -> noncesByOrigin.put(origin(target), value));
    return nonce;
  }

  /** Scheme, host and port. */
  private static String origin(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
  }
}
