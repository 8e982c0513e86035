package org.dpop4j.jca;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.dpop4j.core.JwsAlgorithm;
import org.dpop4j.core.internal.MlDsaPublicKey;
import org.jose4j.base64url.Base64Url;
import org.jose4j.jca.ProviderContext;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

/**
 * A private key, wherever it lives, with its public key, algorithm and JCA provider: what both
 * {@link DpopProofFactory} and {@link AccessTokenSigner} sign with. Checks once, at construction,
 * that the pair belongs together by signing and verifying a probe.
 *
 * <p>jose4j signs every algorithm but ML-DSA, which it does not know: ML-DSA keys ({@code AKP},
 * RFC 9964) sign the JWS signing input through JCA directly, pure ML-DSA with the empty context,
 * and their JWK is written here.
 */
final class JcaSigningKey {

  private static final int MIN_RSA_BITS = 2048;
  private static final Map<String, ASN1ObjectIdentifier> ML_DSA_OIDS =
      Map.of(
          "ML-DSA-44", NISTObjectIdentifiers.id_ml_dsa_44,
          "ML-DSA-65", NISTObjectIdentifiers.id_ml_dsa_65,
          "ML-DSA-87", NISTObjectIdentifiers.id_ml_dsa_87);

  private final JwsAlgorithm algorithm;
  private final PrivateKey privateKey;
  private final PublicKey publicKey;
  private final Map<String, Object> publicJwk;
  private final String thumbprint;
  private final Optional<Provider> provider;
  private final String providerName;

  JcaSigningKey(
      JwsAlgorithm algorithm,
      PrivateKey privateKey,
      PublicKey publicKey,
      Optional<Provider> provider) {
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
    this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    requireMatchingKeyType(algorithm, publicKey);
    this.provider = provider;
    this.providerName = provider.map(JcaSigningKey::registeredName).orElse(null);
    if (isMlDsa()) {
      this.publicJwk = mlDsaJwk(algorithm, publicKey);
      this.thumbprint = MlDsaPublicKey.thumbprint(algorithm, (String) publicJwk.get("pub"));
    } else {
      try {
        PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(publicKey);
        this.publicJwk = jwk.toParams(PublicJsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        this.thumbprint = jwk.calculateBase64urlEncodedThumbprint("SHA-256");
      } catch (JoseException e) {
        throw new IllegalArgumentException("the public key cannot be represented as a JWK", e);
      }
    }
    requireKeysBelongTogether();
  }

  JwsAlgorithm algorithm() {
    return algorithm;
  }

  /** The same key under another algorithm that signs identically (EdDSA and Ed25519). */
  JcaSigningKey withAlgorithm(JwsAlgorithm other) {
    return new JcaSigningKey(other, privateKey, publicKey, provider);
  }

  PublicKey publicKey() {
    return publicKey;
  }

  /** The public JWK's members, for a {@code jwk} header. */
  Map<String, Object> publicJwk() {
    return new LinkedHashMap<>(publicJwk);
  }

  String publicJwkJson() {
    return JsonUtil.toJson(publicJwk);
  }

  /** The RFC 7638 SHA-256 thumbprint of the public key, base64url. */
  String thumbprint() {
    return thumbprint;
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
      if (isMlDsa()) {
        String signingInput = jws.getHeaders().getEncodedHeader() + "." + jws.getEncodedPayload();
        Signature signer = mlDsaSignature();
        signer.initSign(privateKey);
        signer.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + Base64Url.encode(signer.sign());
      }
      return jws.getCompactSerialization();
    } catch (JoseException | GeneralSecurityException e) {
      throw new IllegalStateException(
          "signing with the " + algorithm.joseName() + " key failed", e);
    }
  }

  private boolean isMlDsa() {
    return algorithm.keyType().equals("AKP");
  }

  /**
   * A signature object for pure ML-DSA, whose default context is the empty one RFC 9964 requires:
   * from the configured provider, else JCA's choice, else BouncyCastle's, as JDK 17 has none.
   */
  private Signature mlDsaSignature() throws NoSuchAlgorithmException {
    if (provider.isPresent()) {
      return Signature.getInstance(algorithm.joseName(), provider.get());
    }
    try {
      return Signature.getInstance(algorithm.joseName());
    } catch (NoSuchAlgorithmException e) {
      return Signature.getInstance(algorithm.joseName(), BouncyCastle.PROVIDER);
    }
  }

  private void requireKeysBelongTogether() {
    JsonWebSignature probe = newSignature();
    probe.setPayload("dpop4j key probe");
    String compact = sign(probe);
    if (isMlDsa()) {
      requireMlDsaProbeVerifies(compact);
      return;
    }
    try {
      JsonWebSignature check = new JsonWebSignature();
      check.setCompactSerialization(compact);
      check.setKey(publicKey);
      if (!check.verifySignature()) {
        throw new IllegalArgumentException("the private key does not belong to the public key");
      }
    } catch (JoseException e) {
      throw new IllegalStateException("verifying the probe signature failed", e);
    }
  }

  private void requireMlDsaProbeVerifies(String compact) {
    int lastDot = compact.lastIndexOf('.');
    try {
      Signature verifier = mlDsaSignature();
      verifier.initVerify(publicKey);
      verifier.update(compact.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
      if (!verifier.verify(Base64Url.decode(compact.substring(lastDot + 1)))) {
        throw new IllegalArgumentException("the private key does not belong to the public key");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("verifying the probe signature failed", e);
    }
  }

  /** {@code {"kty":"AKP","alg":...,"pub":...}}, {@code pub} being the FIPS 204 public key. */
  private static Map<String, Object> mlDsaJwk(JwsAlgorithm algorithm, PublicKey publicKey) {
    Map<String, Object> jwk = new LinkedHashMap<>();
    jwk.put("kty", "AKP");
    jwk.put("alg", algorithm.joseName());
    jwk.put(
        "pub",
        Base64Url.encode(
            SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()).getPublicKeyData().getOctets()));
    return jwk;
  }

  /**
   * The pure ML-DSA parameter set of a public key from any provider, from its X.509 encoding
   * (RFC 9881), or empty when it is no such key.
   */
  private static Optional<ASN1ObjectIdentifier> mlDsaParameterSet(PublicKey publicKey) {
    byte[] encoded = publicKey.getEncoded();
    if (encoded == null || !"X.509".equals(publicKey.getFormat())) {
      return Optional.empty();
    }
    try {
      return Optional.of(SubjectPublicKeyInfo.getInstance(encoded).getAlgorithm().getAlgorithm());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Built on first use only: BouncyCastle's provider is large, and only ML-DSA needs it. */
  private static final class BouncyCastle {
    static final Provider PROVIDER = new BouncyCastleProvider();
  }

  /** jose4j finds the provider by name, so it must be the instance registered under that name. */
  private static String registeredName(Provider provider) {
    if (Security.getProvider(provider.getName()) != provider) {
      throw new IllegalArgumentException(
          "provider " + provider.getName() + " must be registered with Security.addProvider");
    }
    return provider.getName();
  }

  private static void requireMatchingKeyType(JwsAlgorithm algorithm, PublicKey publicKey) {
    boolean matches =
        switch (algorithm.keyType()) {
          case "EC" -> publicKey instanceof ECPublicKey ec
              && curveName(ec).equals(algorithm.curve().orElseThrow());
          case "RSA" -> publicKey instanceof RSAPublicKey rsa
              && rsa.getModulus().bitLength() >= MIN_RSA_BITS;
          case "OKP" -> publicKey instanceof EdECPublicKey ed
              && ed.getParams().getName().equals(algorithm.curve().orElseThrow());
          case "AKP" -> mlDsaParameterSet(publicKey)
              .filter(ML_DSA_OIDS.get(algorithm.joseName())::equals)
              .isPresent();
          default -> false;
        };
    if (!matches) {
      String requirement =
          switch (algorithm.keyType()) {
            case "RSA" -> " of at least 2048 bits";
            case "AKP" -> " of that parameter set";
            default -> " on " + algorithm.curve().orElseThrow();
          };
      throw new IllegalArgumentException(
          algorithm.joseName() + " needs a " + algorithm.keyType() + " key" + requirement);
    }
  }

  private static String curveName(ECPublicKey key) {
    return Objects.requireNonNullElse(EllipticCurves.getName(key.getParams().getCurve()), "");
  }
}
