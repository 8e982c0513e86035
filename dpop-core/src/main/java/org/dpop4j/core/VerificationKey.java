package org.dpop4j.core;

import java.nio.charset.StandardCharsets;
import org.jose4j.base64url.Base64Url;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

/**
 * A proof's public key after parsing and validation, and the signature check that fits it.
 *
 * <p>A key parsed for this request (the plain path) checks its signature through jose4j and the
 * JDK and, once a signature has verified, is admitted to the {@link VerificationKeyCache}. A key
 * taken from the cache skips parsing and validation, computes its thumbprint once, and, for
 * ECDSA, verifies with its {@link PrecomputedEcdsaKey}. Either way the verdict is the same.
 */
final class VerificationKey {

  private final PublicJsonWebKey jwk;
  // Computed on first use; a cached key computes it once for all its requests.
  private volatile String thumbprint;
  private final PrecomputedEcdsaKey precomputedEcdsa;
  private final VerificationKeyCache admitTo;
  private final String cacheKey;

  private VerificationKey(
      PublicJsonWebKey jwk,
      PrecomputedEcdsaKey precomputedEcdsa,
      VerificationKeyCache admitTo,
      String cacheKey) {
    this.jwk = jwk;
    this.precomputedEcdsa = precomputedEcdsa;
    this.admitTo = admitTo;
    this.cacheKey = cacheKey;
  }

  /** A key parsed for this request; {@code admitTo} is null when the key is not to be cached. */
  static VerificationKey parsed(
      PublicJsonWebKey jwk, VerificationKeyCache admitTo, String cacheKey) {
    return new VerificationKey(jwk, null, admitTo, cacheKey);
  }

  /** A key as the cache holds it; {@code precomputedEcdsa} is null for RSA and Ed25519 keys. */
  static VerificationKey cached(PublicJsonWebKey jwk, PrecomputedEcdsaKey precomputedEcdsa) {
    return new VerificationKey(jwk, precomputedEcdsa, null, null);
  }

  PublicJsonWebKey jwk() {
    return jwk;
  }

  /** The RFC 7638 SHA-256 thumbprint, base64url. */
  String thumbprint() throws DpopException {
    String known = thumbprint;
    if (known == null) {
      try {
        known = jwk.calculateBase64urlEncodedThumbprint("SHA-256");
      } catch (RuntimeException e) {
        throw new DpopException(RefusalReason.INVALID_JWK, e);
      }
      thumbprint = known;
    }
    return known;
  }

  /**
   * Checks the signature of {@code jws}, whose compact serialization is {@code compact}.
   *
   * @throws DpopException {@link RefusalReason#BAD_SIGNATURE} when it does not verify
   */
  void checkSignature(String compact, JsonWebSignature jws, ProofAlgorithm algorithm)
      throws DpopException {
    if (precomputedEcdsa != null) {
      int lastDot = compact.lastIndexOf('.');
      byte[] signature = Base64Url.decode(compact.substring(lastDot + 1));
      // jose4j reads shorter R||S values leniently; such proofs keep jose4j's verdict below.
      if (signature.length == precomputedEcdsa.signatureLength()) {
        byte[] signingInput = compact.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
        if (!precomputedEcdsa.verify(signingInput, signature, algorithm)) {
          throw new DpopException(RefusalReason.BAD_SIGNATURE);
        }
        return;
      }
    }
    checkWithJose4j(jws, algorithm);
    if (admitTo != null) {
      admitTo.admit(cacheKey, jwk);
    }
  }

  private void checkWithJose4j(JsonWebSignature jws, ProofAlgorithm algorithm)
      throws DpopException {
    jws.setAlgorithmConstraints(
        new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT, algorithm.joseName()));
    jws.setKey(jwk.getPublicKey());
    boolean valid;
    try {
      valid = jws.verifySignature();
    } catch (JoseException | RuntimeException e) {
      throw new DpopException(RefusalReason.KEY_DOES_NOT_MATCH_ALG, e);
    }
    if (!valid) {
      throw new DpopException(RefusalReason.BAD_SIGNATURE);
    }
  }
}
