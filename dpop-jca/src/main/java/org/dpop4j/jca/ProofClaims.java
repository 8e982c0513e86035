package org.dpop4j.jca;

import java.util.Objects;
import java.util.Optional;
import org.dpop4j.core.internal.BuilderOptions;

/**
 * The claims a proof carries beyond {@code jti}, {@code htm}, {@code htu} and {@code iat}: the
 * access token it is sent with, whose hash becomes {@code ath}, and the server's {@code
 * DPoP-Nonce} (RFC 9449 §4.2). Immutable; each is set at most once, by name, so that a nonce can
 * never be taken for an access token:
 *
 * <pre>{@code
 * proofs.proof("GET", uri, ProofClaims.accessToken(token));
 * proofs.proof("GET", uri, ProofClaims.accessToken(token).withNonce(serverNonce));
 * proofs.proof("POST", tokenEndpoint, ProofClaims.nonce(serverNonce));
 * }</pre>
 *
 * <p>{@link #toString()} leaves out the access token.
 */
public final class ProofClaims {

  private static final ProofClaims NONE = new ProofClaims(null, null);

  private final String accessToken;
  private final String nonce;

  private ProofClaims(String accessToken, String nonce) {
    this.accessToken = accessToken;
    this.nonce = nonce;
  }

  /** Neither {@code ath} nor {@code nonce}: the same proof as {@code proof(method, target)}. */
  public static ProofClaims none() {
    return NONE;
  }

  /** An {@code ath} of {@code accessToken}, the token sent in {@code Authorization: DPoP}. */
  public static ProofClaims accessToken(String accessToken) {
    return NONE.withAccessToken(accessToken);
  }

  /** The server's latest {@code DPoP-Nonce}. */
  public static ProofClaims nonce(String nonce) {
    return NONE.withNonce(nonce);
  }

  /**
   * These claims and an {@code ath} of {@code accessToken}.
   *
   * @throws IllegalStateException if these claims have an access token already
   */
  public ProofClaims withAccessToken(String accessToken) {
    return new ProofClaims(set(this.accessToken, accessToken, "accessToken"), nonce);
  }

  /**
   * These claims and {@code nonce}.
   *
   * @throws IllegalStateException if these claims have a nonce already
   */
  public ProofClaims withNonce(String nonce) {
    return new ProofClaims(accessToken, set(this.nonce, nonce, "nonce"));
  }

  /** The access token whose hash the proof carries as {@code ath}. */
  public Optional<String> accessToken() {
    return Optional.ofNullable(accessToken);
  }

  public Optional<String> nonce() {
    return Optional.ofNullable(nonce);
  }

  private static String set(String current, String value, String name) {
    if (BuilderOptions.setOnce(name, current, value).isEmpty()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ProofClaims claims
        && Objects.equals(accessToken, claims.accessToken)
        && Objects.equals(nonce, claims.nonce);
  }

  @Override
  public int hashCode() {
    return Objects.hash(accessToken, nonce);
  }

  @Override
  public String toString() {
    return "ProofClaims{accessToken=" + (accessToken == null ? "none" : "present")
        + ", nonce=" + (nonce == null ? "none" : nonce) + "}";
  }
}
