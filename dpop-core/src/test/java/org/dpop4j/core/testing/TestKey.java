package org.dpop4j.core.testing;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.bouncycastle.jcajce.interfaces.MLDSAPublicKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.dpop4j.core.JwsAlgorithm;
import org.jose4j.base64url.Base64Url;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.PublicJsonWebKey;

/**
 * A software key pair for one proof algorithm, to sign test proofs with. ML-DSA keys come from
 * BouncyCastle's provider (JDK 17 has no ML-DSA), which is used as an object, never registered.
 */
public final class TestKey {

  static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

  private final JwsAlgorithm algorithm;
  private final KeyPair keyPair;
  // Null for ML-DSA keys: jose4j has no AKP key type.
  private final PublicJsonWebKey publicJwk;
  private final Map<String, Object> publicJwkMembers;

  private TestKey(JwsAlgorithm algorithm, KeyPair keyPair) {
    this.algorithm = algorithm;
    this.keyPair = keyPair;
    if (isMlDsa()) {
      this.publicJwk = null;
      this.publicJwkMembers = new LinkedHashMap<>();
      publicJwkMembers.put("kty", "AKP");
      publicJwkMembers.put("alg", algorithm.joseName());
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

  /** A fresh key for {@code algorithm} (RSA keys are 2048 bits). */
  public static TestKey generate(JwsAlgorithm algorithm) {
    return generate(algorithm, 2048);
  }

  /** A fresh key; {@code rsaBits} applies to RSA algorithms only. */
  public static TestKey generate(JwsAlgorithm algorithm, int rsaBits) {
    try {
      KeyPairGenerator generator;
      switch (algorithm.keyType()) {
        case "EC" -> {
          generator = KeyPairGenerator.getInstance("EC");
          String curve = algorithm.curve().orElseThrow();
          generator.initialize(new ECGenParameterSpec(
              switch (curve) {
                case "P-256" -> "secp256r1";
                case "P-384" -> "secp384r1";
                default -> "secp521r1";
              }));
        }
        case "RSA" -> {
          generator = KeyPairGenerator.getInstance("RSA");
          generator.initialize(rsaBits);
        }
        case "AKP" -> generator = KeyPairGenerator.getInstance(algorithm.joseName(), BOUNCY_CASTLE);
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
  public static TestKey of(JwsAlgorithm algorithm, KeyPair keyPair) {
    return new TestKey(algorithm, keyPair);
  }

  public JwsAlgorithm algorithm() {
    return algorithm;
  }

  public KeyPair keyPair() {
    return keyPair;
  }

  /** The public key as jose4j's JWK; ML-DSA keys have none, see {@link #publicJwkMembers()}. */
  public PublicJsonWebKey publicJwk() {
    if (publicJwk == null) {
      throw new IllegalStateException(algorithm.joseName() + " keys are not jose4j keys");
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
        return Base64Url.encode(
            MessageDigest.getInstance("SHA-256")
                .digest(JsonUtil.toJson(required).getBytes(StandardCharsets.UTF_8)));
      }
      return publicJwk.calculateBase64urlEncodedThumbprint("SHA-256");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  boolean isMlDsa() {
    return algorithm.keyType().equals("AKP");
  }

  /** A proof builder for {@code htm} and {@code htu}, issued now by the system clock. */
  public TestProof proof(String htm, String htu) {
    return new TestProof(this, htm, htu);
  }
}
