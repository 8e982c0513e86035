package org.dpop4j.jca;

import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;
import java.util.Optional;
import org.dpop4j.core.ProofAlgorithm;
import org.jose4j.jca.ProviderContext;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * A private key, wherever it lives, with its public key, algorithm and JCA provider: what both
 * {@link DpopProofFactory} and {@link AccessTokenSigner} sign with. Checks once, at construction,
 * that the pair belongs together by signing and verifying a probe.
 */
final class JcaSigningKey {

  private static final int MIN_RSA_BITS = 2048;

  private final ProofAlgorithm algorithm;
  private final PrivateKey privateKey;
  private final PublicJsonWebKey publicJwk;
  private final String providerName;

  JcaSigningKey(
      ProofAlgorithm algorithm,
      PrivateKey privateKey,
      PublicKey publicKey,
      Optional<Provider> provider) {
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(publicKey, "publicKey");
    requireMatchingKeyType(algorithm, publicKey);
    this.providerName = provider.map(JcaSigningKey::registeredName).orElse(null);
    try {
      this.publicJwk = PublicJsonWebKey.Factory.newPublicJwk(publicKey);
    } catch (JoseException e) {
      throw new IllegalArgumentException("the public key cannot be represented as a JWK", e);
    }
    requireKeysBelongTogether();
  }

  ProofAlgorithm algorithm() {
    return algorithm;
  }

  PublicJsonWebKey publicJwk() {
    return publicJwk;
  }

  /**
   * A signature object ready for headers and payload. A new one per call: jose4j's objects are
   * not thread-safe, the underlying key is.
   */
  JsonWebSignature newSignature() {
    JsonWebSignature jws = new JsonWebSignature();
    jws.setAlgorithmHeaderValue(algorithm.joseName());
    jws.setKey(privateKey);
    if (providerName != null) {
      // Without this, JCA chooses the provider for RSASSA-PSS before it sees the key, picks
      // SunRsaSign, and fails on an HSM key: "key must be RSAPrivateKey".
      ProviderContext context = new ProviderContext();
      context.getSuppliedKeyProviderContext().setSignatureProvider(providerName);
      jws.setProviderContext(context);
    }
    return jws;
  }

  String sign(JsonWebSignature jws) {
    try {
      return jws.getCompactSerialization();
    } catch (JoseException e) {
      throw new IllegalStateException(
          "signing with the " + algorithm.joseName() + " key failed", e);
    }
  }

  private void requireKeysBelongTogether() {
    JsonWebSignature probe = newSignature();
    probe.setPayload("dpop4j key probe");
    String compact = sign(probe);
    try {
      JsonWebSignature check = new JsonWebSignature();
      check.setCompactSerialization(compact);
      check.setKey(publicJwk.getPublicKey());
      if (!check.verifySignature()) {
        throw new IllegalArgumentException("the private key does not belong to the public key");
      }
    } catch (JoseException e) {
      throw new IllegalStateException("verifying the probe signature failed", e);
    }
  }

  /** jose4j finds the provider by name, so it must be the instance registered under that name. */
  private static String registeredName(Provider provider) {
    if (Security.getProvider(provider.getName()) != provider) {
      throw new IllegalArgumentException(
          "provider " + provider.getName() + " must be registered with Security.addProvider");
    }
    return provider.getName();
  }

  private static void requireMatchingKeyType(ProofAlgorithm algorithm, PublicKey publicKey) {
    boolean matches =
        switch (algorithm.keyType()) {
          case "EC" -> publicKey instanceof ECPublicKey ec
              && curveName(ec).equals(algorithm.curve().orElseThrow());
          case "RSA" -> publicKey instanceof RSAPublicKey rsa
              && rsa.getModulus().bitLength() >= MIN_RSA_BITS;
          case "OKP" -> publicKey instanceof EdECPublicKey ed
              && ed.getParams().getName().equals(algorithm.curve().orElseThrow());
          default -> false;
        };
    if (!matches) {
      throw new IllegalArgumentException(
          algorithm.joseName() + " needs a " + algorithm.keyType() + " key"
              + algorithm.curve().map(curve -> " on " + curve).orElse(" of at least 2048 bits"));
    }
  }

  private static String curveName(ECPublicKey key) {
    return Objects.requireNonNullElse(EllipticCurves.getName(key.getParams().getCurve()), "");
  }
}
