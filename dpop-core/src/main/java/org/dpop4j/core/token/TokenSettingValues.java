package org.dpop4j.core.token;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** The checks both validators' builders apply to audiences and token algorithms. */
final class TokenSettingValues {

  /** RS, PS and ES with SHA-256, -384 and -512 (RFC 7518), and EdDSA (RFC 8037). */
  static final Set<String> ASYMMETRIC_ALGORITHMS =
      Set.of(
          "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
          "EdDSA");

  private TokenSettingValues() {}

  /**
   * {@code requested} as an immutable set, refused when {@code current} is already set, when it is
   * empty, or when a value is null or blank.
   */
  static Set<String> audiences(Set<String> current, Collection<String> requested) {
    if (current != null) {
      throw new IllegalStateException("audience is already set");
    }
    Objects.requireNonNull(requested, "audiences");
    if (requested.isEmpty()) {
      throw new IllegalArgumentException("at least one audience is required");
    }
    Set<String> audiences = new LinkedHashSet<>();
    for (String audience : requested) {
      Objects.requireNonNull(audience, "audience");
      if (audience.isBlank()) {
        throw new IllegalArgumentException("an audience must not be blank");
      }
      audiences.add(audience);
    }
    return Set.copyOf(audiences);
  }

  /** {@code requested} as an immutable set, refused unless each is an asymmetric JWS algorithm. */
  static Set<String> algorithms(Collection<String> requested) {
    Objects.requireNonNull(requested, "algorithms");
    if (requested.isEmpty()) {
      throw new IllegalArgumentException("at least one token algorithm is required");
    }
    for (String algorithm : requested) {
      Objects.requireNonNull(algorithm, "algorithm");
      if (!ASYMMETRIC_ALGORITHMS.contains(algorithm)) {
        throw new IllegalArgumentException(
            "'" + algorithm + "' is not an asymmetric JWS algorithm (none and HMAC are never"
                + " accepted); allowed: " + new TreeSet<>(ASYMMETRIC_ALGORITHMS));
      }
    }
    return Set.copyOf(requested);
  }
}
