package org.dpop4j.core;

import java.security.PublicKey;
import java.time.Instant;
import java.util.Optional;
import org.dpop4j.core.internal.VerificationKey;

/**
 * A DPoP proof that passed every check, replay included. Only {@link DpopVerifier} creates one, so
 * holding a {@code VerifiedProof} means the request proved possession of {@link #publicKey()}.
 */
public final class VerifiedProof {

  private final String thumbprint;
  private final PublicKey publicKey;
  // Its JSON is made on first request only: for a fresh RSA key, encoding it is a fifth of a
  // verification, and most applications never ask for it.
  private final VerificationKey key;
  private final JwsAlgorithm algorithm;
  private final String jti;
  private final Instant issuedAt;
  private final String htm;
  private final String htu;
  private final String nonce;

  VerifiedProof(
      String thumbprint,
      PublicKey publicKey,
      VerificationKey key,
      JwsAlgorithm algorithm,
      String jti,
      Instant issuedAt,
      String htm,
      String htu,
      String nonce) {
    this.thumbprint = thumbprint;
    this.publicKey = publicKey;
    this.key = key;
    this.algorithm = algorithm;
    this.jti = jti;
    this.issuedAt = issuedAt;
    this.htm = htm;
    this.htu = htu;
    this.nonce = nonce;
  }

  /** The RFC 7638 SHA-256 thumbprint of the proof's key, base64url: the {@code jkt} to bind. */
  public String thumbprint() {
    return thumbprint;
  }

  /**
   * The proof's public key: a JDK key for EC, RSA and Ed25519, BouncyCastle's {@code
   * BCMLDSAPublicKey} for ML-DSA.
   */
  public PublicKey publicKey() {
    return publicKey;
  }

  /** The proof's public key as a JSON object, for logs or for binding records. */
  public String publicJwkJson() {
    return key.publicJwkJson();
  }

  public JwsAlgorithm algorithm() {
    return algorithm;
  }

  public String jti() {
    return jti;
  }

  public Instant issuedAt() {
    return issuedAt;
  }

  public String htm() {
    return htm;
  }

  public String htu() {
    return htu;
  }

  /** The server nonce the proof carried, when there was one. */
  public Optional<String> nonce() {
    return Optional.ofNullable(nonce);
  }

  @Override
  public String toString() {
    return "VerifiedProof{jkt=" + thumbprint + ", alg=" + algorithm.joseName() + ", htm=" + htm
        + ", iat=" + issuedAt + "}";
  }
}
