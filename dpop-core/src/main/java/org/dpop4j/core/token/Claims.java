package org.dpop4j.core.token;

import java.time.Duration;
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

  /** 9999-12-31T23:59:59Z: later than any real token, far within what Instant represents. */
  private static final double LATEST_SECOND = 253_402_300_799d;

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

  /**
   * The {@code exp} claim, or null without one, once {@code exp}, {@code nbf} and {@code iat} have
   * each been found absent or a NumericDate within 1970..9999 (RFC 7519 §2, fractions allowed).
   * Nothing else reaches {@link Instant} arithmetic, which throws on values such as 1e300.
   *
   * @throws DpopException {@link RefusalReason#TOKEN_DATE_OUT_OF_RANGE} for any other value
   */
  static Instant expiry(Map<String, Object> claims) throws DpopException {
    Instant expiry = numericDate(claims, "exp");
    numericDate(claims, "nbf");
    numericDate(claims, "iat");
    return expiry;
  }

  /**
   * Checks the dates of claims no JWT signature vouches for (an introspection answer) as jose4j
   * checks them for {@link JwtAccessTokenValidator}, {@code skew} allowed either way: refused once
   * {@code exp} is more than {@code skew} past, when {@code exp} lies before {@code iat} or {@code
   * nbf}, and while {@code nbf} lies more than {@code skew} ahead. An {@code iat} ahead is
   * accepted, as in a JWT.
   *
   * @throws DpopException {@link RefusalReason#TOKEN_EXPIRED}, {@link RefusalReason#TOKEN_INVALID},
   *     {@link RefusalReason#TOKEN_NOT_YET_VALID} or, as {@link #expiry}, {@link
   *     RefusalReason#TOKEN_DATE_OUT_OF_RANGE}
   */
  static void requireValidAt(Map<String, Object> claims, Instant now, Duration skew)
      throws DpopException {
    Instant expiry = expiry(claims);
    Instant notBefore = numericDate(claims, "nbf");
    Instant issuedAt = numericDate(claims, "iat");
    if (expiry != null) {
      if (!expiry.isAfter(now.minus(skew))) {
        throw new DpopException(RefusalReason.TOKEN_EXPIRED);
      }
      if ((issuedAt != null && expiry.isBefore(issuedAt))
          || (notBefore != null && expiry.isBefore(notBefore))) {
        throw new DpopException(RefusalReason.TOKEN_INVALID);
      }
    }
    if (notBefore != null && notBefore.isAfter(now.plus(skew))) {
      throw new DpopException(RefusalReason.TOKEN_NOT_YET_VALID);
    }
  }

  private static Instant numericDate(Map<String, Object> claims, String name)
      throws DpopException {
    Object value = claims.get(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof Number number)) {
      throw new DpopException(RefusalReason.TOKEN_DATE_OUT_OF_RANGE);
    }
    // A double holds every second of the range exactly; NaN and infinities fail the comparison.
    double seconds = number.doubleValue();
    if (!(seconds >= 0 && seconds <= LATEST_SECOND)) {
      throw new DpopException(RefusalReason.TOKEN_DATE_OUT_OF_RANGE);
    }
    return Instant.ofEpochSecond((long) Math.floor(seconds));
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
