package org.dpop4j.core;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
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
 *
 * <p>ML-DSA keys ({@code AKP}), which jose4j does not know, verify through {@link MlDsaPublicKey}
 * and are never cached: the cache would hash the whole JWK to find one, which costs as much as
 * parsing it, and BouncyCastle keeps no per-key state between ML-DSA verifications to reuse.
 */
final class VerificationKey {

  // Exactly one of the two is set.
  private final PublicJsonWebKey jwk;
  private final MlDsaPublicKey mlDsa;
  // Computed on first use; a cached key computes them once for all its requests.
  private volatile String thumbprint;
  private volatile String publicJwkJson;
  private final PrecomputedEcdsaKey precomputedEcdsa;
  private final VerificationKeyCache admitTo;
  private final String cacheKey;

  private VerificationKey(
      PublicJsonWebKey jwk,
      MlDsaPublicKey mlDsa,
      PrecomputedEcdsaKey precomputedEcdsa,
      VerificationKeyCache admitTo,
      String cacheKey) {
    this.jwk = jwk;
    this.mlDsa = mlDsa;
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
    return new VerificationKey(jwk, null, precomputedEcdsa, admitTo, cacheKey);
  }

  /** A key as the cache holds it; {@code precomputedEcdsa} is null for RSA and Ed25519 keys. */
  static VerificationKey cached(PublicJsonWebKey jwk, PrecomputedEcdsaKey precomputedEcdsa) {
    return new VerificationKey(jwk, null, precomputedEcdsa, null, null);
  }

  /** An ML-DSA key parsed for this request. */
  static VerificationKey mlDsa(MlDsaPublicKey mlDsa) {
    return new VerificationKey(null, mlDsa, null, null, null);
  }

  PublicKey publicKey() {
    return mlDsa != null ? mlDsa.publicKey() : jwk.getPublicKey();
  }

  /** The public JWK as a JSON object. */
  String publicJwkJson() {
    String known = publicJwkJson;
    if (known == null) {
      known =
          mlDsa != null
              ? mlDsa.toJson()
              : jwk.toJson(PublicJsonWebKey.OutputControlLevel.PUBLIC_ONLY);
      publicJwkJson = known;
    }
    return known;
  }

  /** The RFC 7638 SHA-256 thumbprint, base64url. */
  String thumbprint() throws DpopException {
    String known = thumbprint;
    if (known == null) {
      try {
        known =
            mlDsa != null ? mlDsa.thumbprint() : jwk.calculateBase64urlEncodedThumbprint("SHA-256");
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
    if (mlDsa != null) {
      int lastDot = compact.lastIndexOf('.');
      byte[] signingInput = compact.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
      if (!mlDsa.verify(signingInput, Base64Url.decode(compact.substring(lastDot + 1)))) {
        throw new DpopException(RefusalReason.BAD_SIGNATURE);
      }
      return;
    }
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
