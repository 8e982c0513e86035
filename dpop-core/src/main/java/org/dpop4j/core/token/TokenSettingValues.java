package org.dpop4j.core.token;

import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.dpop4j.core.JwsAlgorithm;

/** The checks both validators' builders apply to audiences and token algorithms. */
final class TokenSettingValues {

  /**
   * RS, PS and ES with SHA-256, -384 and -512 (RFC 7518), and EdDSA (RFC 8037): what tokens may be
   * signed with. Neither Ed25519 under its RFC 9864 name nor ML-DSA, which authorization servers
   * do not sign access tokens with and jose4j does not verify.
   */
  static final Set<JwsAlgorithm> TOKEN_ALGORITHMS =
      Collections.unmodifiableSet(
          EnumSet.complementOf(
              EnumSet.of(
                  JwsAlgorithm.ED25519,
                  JwsAlgorithm.ML_DSA_44,
                  JwsAlgorithm.ML_DSA_65,
                  JwsAlgorithm.ML_DSA_87)));

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

  /** {@code requested} as an immutable set, refused unless each is in {@link #TOKEN_ALGORITHMS}. */
  static Set<JwsAlgorithm> algorithms(Collection<JwsAlgorithm> requested) {
    Objects.requireNonNull(requested, "algorithms");
    if (requested.isEmpty()) {
      throw new IllegalArgumentException("at least one token algorithm is required");
    }
    for (JwsAlgorithm algorithm : requested) {
      Objects.requireNonNull(algorithm, "algorithm");
      if (!TOKEN_ALGORITHMS.contains(algorithm)) {
        throw new IllegalArgumentException(
            "'" + algorithm.joseName() + "' is not accepted for access tokens; allowed: "
                + names(TOKEN_ALGORITHMS));
      }
    }
    return Collections.unmodifiableSet(EnumSet.copyOf(requested));
  }

  /** The JOSE names of {@code algorithms}, sorted. */
  static Set<String> names(Collection<JwsAlgorithm> algorithms) {
    Set<String> names = new TreeSet<>();
    algorithms.forEach(algorithm -> names.add(algorithm.joseName()));
    return names;
  }
}
