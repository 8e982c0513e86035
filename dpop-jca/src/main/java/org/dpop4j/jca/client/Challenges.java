package org.dpop4j.jca.client;

import java.net.http.HttpResponse;
import java.util.regex.Pattern;

/** What a resource server's {@code WWW-Authenticate: DPoP} challenge asks of the client. */
final class Challenges {

  private static final Pattern USE_DPOP_NONCE =
      Pattern.compile("(?i)\\bdpop\\b.*\\berror\\s*=\\s*\"?use_dpop_nonce\\b");
  private static final Pattern INVALID_TOKEN =
      Pattern.compile("(?i)\\bdpop\\b.*\\berror\\s*=\\s*\"?invalid_token\\b");

  private Challenges() {}

  /** RFC 6750 §3.1: 401 with {@code WWW-Authenticate: DPoP error="invalid_token"}. */
  static boolean isInvalidToken(HttpResponse<?> response) {
    return isUnauthorizedWith(response, INVALID_TOKEN);
  }

  /** RFC 9449 §9: 401 with {@code WWW-Authenticate: DPoP error="use_dpop_nonce"}. */
  static boolean isUseDpopNonce(HttpResponse<?> response) {
    return isUnauthorizedWith(response, USE_DPOP_NONCE);
  }

  private static boolean isUnauthorizedWith(HttpResponse<?> response, Pattern challenge) {
    return response.statusCode() == 401
        && response.headers().allValues("WWW-Authenticate").stream()
            .anyMatch(value -> challenge.matcher(value).find());
  }
}
