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
 * <p>An ECDSA key with a {@link PrecomputedEcdsaKey} verifies with BouncyCastle, every other key
 * through jose4j and the JDK; the verdict is the same either way. A key parsed for this request
 * that may be cached is admitted to its {@link VerificationKeyCache} once a signature has verified
 * with it, together with the BouncyCastle point and the table that verification built. A key
 * taken from the cache skips parsing and validation and computes its thumbprint only once.
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

  /**
   * A key parsed for this request; {@code admitTo} is null when the key is not to be cached, and
   * then {@code precomputedEcdsa} too: such a key verifies through jose4j, the plain path.
   */
  static VerificationKey parsed(
      PublicJsonWebKey jwk,
      PrecomputedEcdsaKey precomputedEcdsa,
      VerificationKeyCache admitTo,
      String cacheKey) {
    return new VerificationKey(jwk, precomputedEcdsa, admitTo, cacheKey);
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
    if (!checkWithPrecomputedEcdsa(compact, algorithm)) {
      checkWithJose4j(jws, algorithm);
    }
    if (admitTo != null) {
      admitTo.admit(cacheKey, cached(jwk, precomputedEcdsa));
    }
  }

  /**
   * Checks the signature with BouncyCastle when this is an ECDSA key and the signature has the
   * JOSE length; returns false, having checked nothing, otherwise.
   */
  private boolean checkWithPrecomputedEcdsa(String compact, ProofAlgorithm algorithm)
      throws DpopException {
    if (precomputedEcdsa == null) {
      return false;
    }
    int lastDot = compact.lastIndexOf('.');
    byte[] signature = Base64Url.decode(compact.substring(lastDot + 1));
    // jose4j reads shorter R||S values leniently; such proofs keep jose4j's verdict.
    if (signature.length != precomputedEcdsa.signatureLength()) {
      return false;
    }
    byte[] signingInput = compact.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
    if (!precomputedEcdsa.verify(signingInput, signature, algorithm)) {
      throw new DpopException(RefusalReason.BAD_SIGNATURE);
    }
    return true;
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
