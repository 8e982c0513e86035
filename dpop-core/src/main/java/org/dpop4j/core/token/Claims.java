package org.dpop4j.core.token;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dpop4j.core.AccessToken;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.RefusalReason;

/** Reads the claims that JWT access tokens and introspection responses share (RFC 9068, 7662). */
final class Claims {

  private Claims() {}

  static AccessToken toAccessToken(Map<String, Object> claims, String subject)
      throws DpopException {
    if (subject == null || subject.isEmpty()) {
      throw new DpopException(RefusalReason.TOKEN_INVALID);
    }
    AccessToken.Builder token = AccessToken.builder(subject).claims(claims).scopes(scopes(claims));
    Object cnf = claims.get("cnf");
    if (cnf != null) {
      if (!(cnf instanceof Map<?, ?> confirmation)
          || !(confirmation.get("jkt") instanceof String jkt)
          || jkt.isEmpty()) {
        // A confirmation we cannot honour must not be mistaken for an unbound token.
        throw new DpopException(RefusalReason.TOKEN_INVALID);
      }
      token.boundThumbprint(jkt);
    }
    Instant expiry = expiry(claims);
    if (expiry != null) {
      token.expiresAt(expiry);
    }
    return token.build();
  }

  static Instant expiry(Map<String, Object> claims) {
    return claims.get("exp") instanceof Number exp ? Instant.ofEpochSecond(exp.longValue()) : null;
  }

  private static Set<String> scopes(Map<String, Object> claims) {
    Set<String> scopes = new LinkedHashSet<>();
    if (claims.get("scope") instanceof String scope) {
      Arrays.stream(scope.split(" ")).filter(s -> !s.isEmpty()).forEach(scopes::add);
    }
    if (claims.get("scp") instanceof List<?> list) {
      list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(scopes::add);
    }
    return scopes;
  }
}
