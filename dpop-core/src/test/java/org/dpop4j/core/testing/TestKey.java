package org.dpop4j.core.testing;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.NamedParameterSpec;
import org.dpop4j.core.ProofAlgorithm;
import org.jose4j.jwk.PublicJsonWebKey;

/** A software key pair for one proof algorithm, to sign test proofs with. */
public final class TestKey {

  private final ProofAlgorithm algorithm;
  private final KeyPair keyPair;
  private final PublicJsonWebKey publicJwk;

  private TestKey(ProofAlgorithm algorithm, KeyPair keyPair) {
    this.algorithm = algorithm;
    this.keyPair = keyPair;
    try {
      this.publicJwk = PublicJsonWebKey.Factory.newPublicJwk(keyPair.getPublic());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fresh key for {@code algorithm} (RSA keys are 2048 bits). */
  public static TestKey generate(ProofAlgorithm algorithm) {
    return generate(algorithm, 2048);
  }

  /** A fresh key; {@code rsaBits} applies to RSA algorithms only. */
  public static TestKey generate(ProofAlgorithm algorithm, int rsaBits) {
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

  public ProofAlgorithm algorithm() {
    return algorithm;
  }

  public KeyPair keyPair() {
    return keyPair;
  }

  public PublicJsonWebKey publicJwk() {
    return publicJwk;
  }

  /** The RFC 7638 SHA-256 thumbprint, base64url: what a token's {@code cnf.jkt} holds. */
  public String thumbprint() {
    try {
      return publicJwk.calculateBase64urlEncodedThumbprint("SHA-256");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A proof builder for {@code htm} and {@code htu}, issued now by the system clock. */
  public TestProof proof(String htm, String htu) {
    return new TestProof(this, htm, htu);
  }
}
