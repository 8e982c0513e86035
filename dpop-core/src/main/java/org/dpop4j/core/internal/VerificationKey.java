package org.dpop4j.core.internal;

import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.RefusalReason;
import org.jose4j.jca.ProviderContext;
import org.jose4j.jwa.AlgorithmFactoryFactory;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.JsonWebSignatureAlgorithm;
import org.jose4j.keys.BigEndianBigInteger;
import org.jose4j.lang.JoseException;

/**
 * A proof's public key after parsing and validation, and the signature check that fits it.
 *
 * <p>An ECDSA key with a {@link PrecomputedEcdsaKey} and an Ed25519 key with an {@link Ed25519Key}
 * verify with BouncyCastle, every other key through jose4j and the JDK; the verdict is the same either way. A key parsed for this request
 * that may be cached is admitted to its {@link VerificationKeyCache} once a signature has verified
 * with it, together with the BouncyCastle point and the table that verification built. A key
 * taken from the cache skips parsing and validation and computes its thumbprint only once.
 *
 * <p>ML-DSA keys ({@code AKP}), which jose4j does not know, verify through {@link MlDsaPublicKey}
 * and are never cached: finding one would take an encoding of the whole multi-kilobyte JWK, which
 * costs about as much as parsing it, and BouncyCastle keeps no per-key state between ML-DSA
 * verifications to reuse.
 */
public final class VerificationKey {

  // jose4j's own default; never modified.
  private static final ProviderContext DEFAULT_PROVIDERS = new ProviderContext();

  // Exactly one of the two is set.
  private final PublicJsonWebKey jwk;
  private final MlDsaPublicKey mlDsa;
  // Computed on first use; a cached key computes them once for all its requests.
  private volatile String thumbprint;
  private volatile String publicJwkJson;
  private final PrecomputedEcdsaKey precomputedEcdsa;
  private final Ed25519Key ed25519;
  private final VerificationKeyCache admitTo;
  private final String cacheKey;

  private VerificationKey(
      PublicJsonWebKey jwk,
      MlDsaPublicKey mlDsa,
      PrecomputedEcdsaKey precomputedEcdsa,
      Ed25519Key ed25519,
      VerificationKeyCache admitTo,
      String cacheKey) {
    this.jwk = jwk;
    this.mlDsa = mlDsa;
    this.precomputedEcdsa = precomputedEcdsa;
    this.ed25519 = ed25519;
    this.admitTo = admitTo;
    this.cacheKey = cacheKey;
  }

  /**
   * A key parsed for this request; {@code admitTo} is null when the key is not to be cached, and
   * then {@code precomputedEcdsa} and {@code ed25519} too: such a key verifies through jose4j, the
   * plain path.
   */
  static VerificationKey parsed(
      PublicJsonWebKey jwk,
      PrecomputedEcdsaKey precomputedEcdsa,
      Ed25519Key ed25519,
      VerificationKeyCache admitTo,
      String cacheKey) {
    return new VerificationKey(jwk, null, precomputedEcdsa, ed25519, admitTo, cacheKey);
  }

  /**
   * A key as the cache holds it; {@code precomputedEcdsa} is null but for ECDSA keys, {@code
   * ed25519} but for Ed25519 keys.
   */
  static VerificationKey cached(
      PublicJsonWebKey jwk, PrecomputedEcdsaKey precomputedEcdsa, Ed25519Key ed25519) {
    return new VerificationKey(jwk, null, precomputedEcdsa, ed25519, null, null);
  }

  /** An ML-DSA key parsed for this request. */
  public static VerificationKey mlDsa(MlDsaPublicKey mlDsa) {
    return new VerificationKey(null, mlDsa, null, null, null, null);
  }

  public PublicKey publicKey() {
    return mlDsa != null ? mlDsa.publicKey() : jwk.getPublicKey();
  }

  /** The public JWK as a JSON object. */
  public String publicJwkJson() {
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
  public String thumbprint() throws DpopException {
    String known = thumbprint;
    if (known == null) {
      try {
        known =
            mlDsa != null
                ? mlDsa.thumbprint()
                : jwk instanceof RsaJsonWebKey rsa
                    ? rsaThumbprint(rsa.getRsaPublicKey())
                    : jwk.calculateBase64urlEncodedThumbprint("SHA-256");
      } catch (RuntimeException e) {
        throw new DpopException(RefusalReason.INVALID_JWK, e);
      }
      thumbprint = known;
    }
    return known;
  }

  /**
   * jose4j's RFC 7638 thumbprint of an RSA key, the same text, with the JDK's base64url encoder:
   * jose4j's own encodes the modulus through a buffer it grows again and again, which costs more
   * than the proof's RSA signature check.
   */
  private static String rsaThumbprint(RSAPublicKey key) {
    return Digests.sha256Base64Url(
        "{\"e\":\""
            + Digests.base64Url(BigEndianBigInteger.toByteArray(key.getPublicExponent()))
            + "\",\"kty\":\"RSA\",\"n\":\""
            + Digests.base64Url(BigEndianBigInteger.toByteArray(key.getModulus()))
            + "\"}");
  }

  /**
   * Checks the signature of {@code proof}.
   *
   * @throws DpopException {@link RefusalReason#BAD_SIGNATURE} when it does not verify
   */
  public void checkSignature(CompactProof proof, JwsAlgorithm algorithm) throws DpopException {
    byte[] signingInput = proof.signingInput();
    byte[] signature = proof.signature();
    if (mlDsa != null) {
      if (!mlDsa.verify(signingInput, signature)) {
        throw new DpopException(RefusalReason.BAD_SIGNATURE);
      }
      return;
    }
    // RFC 8032 §5.1.7: an Ed25519 signature is 64 bytes. The JDK ignores bytes after them, which
    // would let one proof be sent in many encodings; refuse them before any path is chosen.
    if ((algorithm == JwsAlgorithm.EDDSA || algorithm == JwsAlgorithm.ED25519)
        && signature.length != Ed25519Key.signatureLength()) {
      throw new DpopException(RefusalReason.BAD_SIGNATURE);
    }
    if (!checkWithPrecomputedEcdsa(signingInput, signature, algorithm)
        && !checkWithEd25519(signingInput, signature, algorithm)) {
      checkWithJose4j(signingInput, signature, algorithm);
    }
    if (admitTo != null) {
      admitTo.admit(cacheKey, cached(jwk, precomputedEcdsa, ed25519));
    }
  }

  /**
   * Checks the signature, already known to be 64 bytes long, with BouncyCastle's Ed25519 when this
   * is an Ed25519 key and {@code algorithm} an EdDSA one; returns false, having checked nothing,
   * otherwise.
   */
  private boolean checkWithEd25519(
      byte[] signingInput, byte[] signature, JwsAlgorithm algorithm) throws DpopException {
    if (ed25519 == null
        || (algorithm != JwsAlgorithm.EDDSA && algorithm != JwsAlgorithm.ED25519)) {
      return false;
    }
    if (!ed25519.verify(signingInput, signature)) {
      throw new DpopException(RefusalReason.BAD_SIGNATURE);
    }
    return true;
  }

  /**
   * Checks the signature with BouncyCastle when this is an ECDSA key and the signature has the
   * JOSE length; returns false, having checked nothing, otherwise.
   */
  private boolean checkWithPrecomputedEcdsa(
      byte[] signingInput, byte[] signature, JwsAlgorithm algorithm) throws DpopException {
    if (precomputedEcdsa == null) {
      return false;
    }
    // jose4j reads shorter R||S values leniently; such proofs keep jose4j's verdict.
    if (signature.length != precomputedEcdsa.signatureLength()) {
      return false;
    }
    if (!precomputedEcdsa.verify(signingInput, signature, algorithm)) {
      throw new DpopException(RefusalReason.BAD_SIGNATURE);
    }
    return true;
  }

  /**
   * What jose4j's {@code JsonWebSignature.verifySignature} does for a proof whose {@code alg} is
   * {@code algorithm} and has no {@code crit} (the verifier refused it before): the key checked
   * against the algorithm, then the signature, without parsing the proof a second time.
   */
  private void checkWithJose4j(byte[] signingInput, byte[] signature, JwsAlgorithm algorithm)
      throws DpopException {
    boolean valid;
    try {
      JsonWebSignatureAlgorithm jose4jAlgorithm =
          AlgorithmFactoryFactory.getInstance()
              .getJwsAlgorithmFactory()
              .getAlgorithm(algorithm.joseName());
      jose4jAlgorithm.validateVerificationKey(jwk.getPublicKey());
      valid =
          jose4jAlgorithm.verifySignature(
              signature, jwk.getPublicKey(), signingInput, DEFAULT_PROVIDERS);
    } catch (JoseException | RuntimeException e) {
      throw new DpopException(RefusalReason.KEY_DOES_NOT_MATCH_ALG, e);
    }
    if (!valid) {
      throw new DpopException(RefusalReason.BAD_SIGNATURE);
    }
  }
}
