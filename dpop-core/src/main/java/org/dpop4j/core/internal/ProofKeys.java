package org.dpop4j.core.internal;

import java.math.BigInteger;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.RefusalReason;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * The key of a proof's {@code jwk} header (RFC 9449 §4.2), read and validated before anything is
 * verified with it: no private members, the key type and curve {@code alg} requires, RSA moduli
 * of 2048 to 8192 bits, EC points full-length and on their curve, and the {@link KeyRules}. Keys
 * seen before come from a {@link VerificationKeyCache}. Thread-safe.
 */
public final class ProofKeys {

  private static final Set<String> PRIVATE_KEY_MEMBERS =
      Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k", "priv");
  private static final int MIN_RSA_BITS = 2048;
  private static final int MAX_RSA_BITS = 8192;

  private final VerificationKeyCache keyCache;

  /** Keys read through a cache of at most {@code keyCacheSize} keys; 0 caches none. */
  public ProofKeys(int keyCacheSize) {
    this.keyCache = new VerificationKeyCache(keyCacheSize);
  }

  /**
   * The validated key of {@code proof}, whose {@code alg} is {@code algorithm}.
   *
   * @throws DpopException naming the check the {@code jwk} header failed
   */
  public VerificationKey keyOf(CompactProof proof, JwsAlgorithm algorithm) throws DpopException {
    Map<?, ?> jwkMembers = jwkMembers(proof, algorithm);
    return algorithm.keyType().equals("AKP")
        ? VerificationKey.mlDsa(MlDsaPublicKey.parse(jwkMembers, algorithm))
        : keyCache.keyFor(jwkMembers, ProofKeys::publicKey);
  }

  /** The members of the {@code jwk} header, after the checks that need no parsing. */
  private static Map<?, ?> jwkMembers(CompactProof proof, JwsAlgorithm algorithm)
      throws DpopException {
    Object jwkValue = proof.header("jwk");
    if (jwkValue == null) {
      throw new DpopException(RefusalReason.MISSING_JWK);
    }
    if (!(jwkValue instanceof Map<?, ?> members)) {
      throw new DpopException(RefusalReason.INVALID_JWK);
    }
    for (String member : PRIVATE_KEY_MEMBERS) {
      if (members.containsKey(member)) {
        throw new DpopException(RefusalReason.PRIVATE_KEY_IN_JWK);
      }
    }
    Object kty = members.get("kty");
    if ("oct".equals(kty)) {
      throw new DpopException(RefusalReason.PRIVATE_KEY_IN_JWK);
    }
    if (!algorithm.keyType().equals(kty)) {
      throw new DpopException(RefusalReason.KEY_DOES_NOT_MATCH_ALG);
    }
    if (algorithm.curve().isPresent() && !algorithm.curve().get().equals(members.get("crv"))) {
      throw new DpopException(RefusalReason.KEY_DOES_NOT_MATCH_ALG);
    }
    // An AKP key names its one algorithm (RFC 9964 §3): a key of another parameter set, or of no
    // stated one, is not read as this one.
    if (algorithm.keyType().equals("AKP") && !algorithm.joseName().equals(members.get("alg"))) {
      throw new DpopException(RefusalReason.KEY_DOES_NOT_MATCH_ALG);
    }
    return members;
  }

  /** Parses and validates the key of {@link #jwkMembers}: the plain path, without the cache. */
  private static PublicJsonWebKey publicKey(Map<?, ?> members) throws DpopException {
    PublicJsonWebKey jwk;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> params = (Map<String, Object>) members;
      jwk = PublicJsonWebKey.Factory.newPublicJwk(params);
    } catch (JoseException | RuntimeException e) {
      throw new DpopException(RefusalReason.INVALID_JWK, e);
    }
    if (jwk.getPublicKey() instanceof ECPublicKey ecKey) {
      checkEcPoint(ecKey, (EllipticCurveJsonWebKey) jwk, members);
    } else if (jwk.getPublicKey() instanceof RSAPublicKey rsaKey) {
      int bits = rsaKey.getModulus().bitLength();
      if (bits < MIN_RSA_BITS) {
        throw new DpopException(RefusalReason.KEY_TOO_SMALL);
      }
      if (bits > MAX_RSA_BITS) {
        throw new DpopException(RefusalReason.KEY_TOO_LARGE);
      }
    }
    Optional<RefusalReason> refusal = KeyRules.refusalFor(jwk.getPublicKey());
    if (refusal.isPresent()) {
      throw new DpopException(refusal.get());
    }
    return jwk;
  }

  /**
   * Refuses coordinates that are not full-length (RFC 7518 §6.2.1.2) or not on the curve: an
   * off-curve point is the first step of invalid-curve attacks.
   */
  private static void checkEcPoint(
      ECPublicKey key, EllipticCurveJsonWebKey jwk, Map<?, ?> members) throws DpopException {
    ECParameterSpec spec = EllipticCurves.getSpec(jwk.getCurveName());
    if (spec == null) {
      throw new DpopException(RefusalReason.INVALID_JWK);
    }
    int fieldBytes = (spec.getCurve().getField().getFieldSize() + 7) / 8;
    if (encodedLength(members.get("x")) != fieldBytes
        || encodedLength(members.get("y")) != fieldBytes) {
      throw new DpopException(RefusalReason.INVALID_JWK);
    }
    BigInteger p = ((ECFieldFp) spec.getCurve().getField()).getP();
    ECPoint w = key.getW();
    BigInteger x = w.getAffineX();
    BigInteger y = w.getAffineY();
    if (x.signum() < 0 || y.signum() < 0 || x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
      throw new DpopException(RefusalReason.EC_POINT_NOT_ON_CURVE);
    }
    BigInteger left = y.multiply(y).mod(p);
    BigInteger right =
        x.pow(3).add(spec.getCurve().getA().multiply(x)).add(spec.getCurve().getB()).mod(p);
    if (!left.equals(right)) {
      throw new DpopException(RefusalReason.EC_POINT_NOT_ON_CURVE);
    }
  }

  private static int encodedLength(Object base64url) {
    return base64url instanceof String s ? (s.length() * 3) / 4 : -1;
  }
}
