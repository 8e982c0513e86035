package org.dpop4j.core;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The asymmetric JWS algorithms dpop4j signs and verifies with: DPoP proofs and access tokens
 * alike. Symmetric algorithms and {@code none} are not representable, so no configuration can
 * allow them. The ML-DSA algorithms are allowed in proofs only when configured; see {@link
 * #allowedByDefault()}.
 */
public enum JwsAlgorithm {
  ES256("ES256", "EC", "P-256"),
  ES384("ES384", "EC", "P-384"),
  ES512("ES512", "EC", "P-521"),
  PS256("PS256", "RSA", null),
  PS384("PS384", "RSA", null),
  PS512("PS512", "RSA", null),
  RS256("RS256", "RSA", null),
  RS384("RS384", "RSA", null),
  RS512("RS512", "RSA", null),
  /**
   * Ed25519 under the polymorphic name of RFC 8037; a proof on another Edwards curve is refused.
   * An access token's {@code EdDSA} is checked with the authorization server's JWKS key, which may
   * also be Ed448 (Keycloak offers both curves).
   */
  EDDSA("EdDSA", "OKP", "Ed25519"),
  /** Ed25519 under its fully-specified name of RFC 9864. */
  ED25519("Ed25519", "OKP", "Ed25519"),
  /**
   * Post-quantum ML-DSA (FIPS 204) with the parameter sets of the JOSE registration
   * (draft-ietf-cose-dilithium, RFC 9964): an {@code AKP} JWK holding {@code alg} and {@code pub}.
   */
  ML_DSA_44("ML-DSA-44", "AKP", null),
  ML_DSA_65("ML-DSA-65", "AKP", null),
  ML_DSA_87("ML-DSA-87", "AKP", null);

  static {
    // Signing and verifying through jose4j both need to find "Ed25519" by name.
    org.dpop4j.core.internal.Ed25519SignatureAlgorithm.registerWithJose4j();
  }

  private final String joseName;
  private final String keyType;
  private final String curve;

  JwsAlgorithm(String joseName, String keyType, String curve) {
    this.joseName = joseName;
    this.keyType = keyType;
    this.curve = curve;
  }

  /** The {@code alg} header value. */
  public String joseName() {
    return joseName;
  }

  /** The JWK {@code kty} this algorithm requires. */
  public String keyType() {
    return keyType;
  }

  /** The JWK {@code crv} this algorithm requires, for EC and OKP keys. */
  public Optional<String> curve() {
    return Optional.ofNullable(curve);
  }

  /**
   * The algorithms a verifier allows unless configured otherwise: every one but ML-DSA, whose
   * proofs (6 to 11 KB) exceed the header sizes servers accept by default and whose JOSE
   * registration is recent, so that enabling it is a deliberate choice.
   */
  public static Set<JwsAlgorithm> allowedByDefault() {
    return EnumSet.complementOf(EnumSet.of(ML_DSA_44, ML_DSA_65, ML_DSA_87));
  }

  /** The algorithm whose {@code alg} header value is {@code joseName}, matched exactly. */
  public static Optional<JwsAlgorithm> fromJoseName(String joseName) {
    for (JwsAlgorithm algorithm : values()) {
      if (algorithm.joseName.equals(joseName)) {
        return Optional.of(algorithm);
      }
    }
    return Optional.empty();
  }
}
