package org.dpop4j.testing;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bouncycastle.jcajce.interfaces.MLDSAPublicKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.jose4j.base64url.Base64Url;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * A software key pair for one JWS algorithm, named as in a JOSE {@code alg} header ({@code ES256},
 * {@code PS256}, {@code EdDSA}, {@code Ed25519}, {@code ML-DSA-44}, ...), to sign test proofs
 * with. ML-DSA keys come from BouncyCastle's provider (JDK 17 has no ML-DSA), which is used as an
 * object, never registered.
 */
public final class TestKey {

  static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

  private final String algorithm;
  private final String keyType;
  private final KeyPair keyPair;
  // Null for ML-DSA keys: jose4j has no AKP key type.
  private final PublicJsonWebKey publicJwk;
  private final Map<String, Object> publicJwkMembers;

  private TestKey(String algorithm, KeyPair keyPair) {
    this.algorithm = algorithm;
    this.keyType = keyTypeOf(algorithm);
    this.keyPair = keyPair;
    if (isMlDsa()) {
      this.publicJwk = null;
      this.publicJwkMembers = new LinkedHashMap<>();
      publicJwkMembers.put("kty", "AKP");
      publicJwkMembers.put("alg", algorithm);
      publicJwkMembers.put(
          "pub", Base64Url.encode(((MLDSAPublicKey) keyPair.getPublic()).getPublicData()));
      return;
    }
    try {
      this.publicJwk = PublicJsonWebKey.Factory.newPublicJwk(keyPair.getPublic());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    this.publicJwkMembers =
        new LinkedHashMap<>(publicJwk.toParams(PublicJsonWebKey.OutputControlLevel.PUBLIC_ONLY));
  }

  /** A fresh key for the JOSE {@code algorithm} (RSA keys are 2048 bits). */
  public static TestKey generate(String algorithm) {
    return generate(algorithm, 2048);
  }

  /** A fresh key; {@code rsaBits} applies to RSA algorithms only. */
  public static TestKey generate(String algorithm, int rsaBits) {
    try {
      KeyPairGenerator generator;
      switch (keyTypeOf(algorithm)) {
        case "EC" -> {
          generator = KeyPairGenerator.getInstance("EC");
          generator.initialize(new ECGenParameterSpec(
              switch (algorithm) {
                case "ES256" -> "secp256r1";
                case "ES384" -> "secp384r1";
                default -> "secp521r1";
              }));
        }
        case "RSA" -> {
          generator = KeyPairGenerator.getInstance("RSA");
          generator.initialize(rsaBits);
        }
        case "AKP" -> generator = KeyPairGenerator.getInstance(algorithm, BOUNCY_CASTLE);
        default -> {
          generator = KeyPairGenerator.getInstance("Ed25519");
          generator.initialize(NamedParameterSpec.ED25519);
        }
      }
      return new TestKey(algorithm, generator.generateKeyPair());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** An RSA key pair with the given public exponent, such as one too large to be allowed. */
  public static KeyPair rsaKeyPair(int bits, java.math.BigInteger publicExponent) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(new java.security.spec.RSAKeyGenParameterSpec(bits, publicExponent));
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** An existing key pair for {@code algorithm}, such as one with an unusual RSA exponent. */
  public static TestKey of(String algorithm, KeyPair keyPair) {
    return new TestKey(algorithm, keyPair);
  }

  /** The JWK {@code kty} that a key for the JOSE {@code algorithm} has. */
  private static String keyTypeOf(String algorithm) {
    if (algorithm.matches("ES(256|384|512)")) {
      return "EC";
    }
    if (algorithm.matches("[RP]S(256|384|512)")) {
      return "RSA";
    }
    if (algorithm.equals("EdDSA") || algorithm.equals("Ed25519")) {
      return "OKP";
    }
    if (algorithm.matches("ML-DSA-(44|65|87)")) {
      return "AKP";
    }
    throw new IllegalArgumentException("not an asymmetric JWS algorithm with test keys: " + algorithm);
  }

  /** The JOSE {@code alg} this key signs with. */
  public String algorithm() {
    return algorithm;
  }

  /** The JWK {@code kty}: EC, RSA, OKP or AKP. */
  public String keyType() {
    return keyType;
  }

  public KeyPair keyPair() {
    return keyPair;
  }

  /** The public key as jose4j's JWK; ML-DSA keys have none, see {@link #publicJwkMembers()}. */
  public PublicJsonWebKey publicJwk() {
    if (publicJwk == null) {
      throw new IllegalStateException(algorithm + " keys are not jose4j keys");
    }
    return publicJwk;
  }

  /** The public JWK's members, for every key type: what a proof's {@code jwk} header holds. */
  public Map<String, Object> publicJwkMembers() {
    return new LinkedHashMap<>(publicJwkMembers);
  }

  /** The RFC 7638 SHA-256 thumbprint, base64url: what a token's {@code cnf.jkt} holds. */
  public String thumbprint() {
    try {
      if (isMlDsa()) {
        // RFC 9964 §6: the required members alg, kty and pub, sorted (RFC 7638 §3.3).
        Map<String, Object> required = new TreeMap<>(publicJwkMembers);
        required.keySet().retainAll(Set.of("alg", "kty", "pub"));
        return sha256Base64Url(JsonUtil.toJson(required).getBytes(StandardCharsets.UTF_8));
      }
      return publicJwk.calculateBase64urlEncodedThumbprint("SHA-256");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** base64url(SHA-256(bytes)): the one digest of the test fixtures (jkt, ath). */
  static String sha256Base64Url(byte[] bytes) {
    try {
      return Base64Url.encode(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  boolean isMlDsa() {
    return keyType.equals("AKP");
  }

  /** A proof builder for {@code htm} and {@code htu}, issued now by the system clock. */
  public TestProof proof(String htm, String htu) {
    return new TestProof(this, htm, htu);
  }
}
