package org.dpop4j.core;

/**
 * Why a request was refused: one constant per check, for logs and metrics. Each reason maps to
 * one {@link DpopError} and a short, fixed description that is safe to send to the client (it
 * never contains request data).
 */
public enum RefusalReason {
  // Authorization header and access token
  MISSING_CREDENTIALS(DpopError.INVALID_TOKEN, "Access token required"),
  MULTIPLE_AUTHORIZATION_HEADERS(DpopError.INVALID_REQUEST, "More than one Authorization header"),
  MALFORMED_AUTHORIZATION(DpopError.INVALID_REQUEST, "Malformed Authorization header"),
  UNSUPPORTED_AUTHORIZATION_SCHEME(DpopError.INVALID_TOKEN, "DPoP authorization scheme required"),
  BOUND_TOKEN_AS_BEARER(DpopError.INVALID_TOKEN, "DPoP-bound token presented as a Bearer token"),
  // The access token: one reason per check for the operator; the client sees invalid_token
  // with the same description for all but expiry, so a forger learns nothing about which failed.
  TOKEN_MALFORMED(DpopError.INVALID_TOKEN, "Access token is invalid"),
  TOKEN_TYPE_NOT_ACCEPTED(DpopError.INVALID_TOKEN, "Access token is invalid"),
  TOKEN_ALG_NOT_ALLOWED(DpopError.INVALID_TOKEN, "Access token is invalid"),
  TOKEN_UNKNOWN_KEY(DpopError.INVALID_TOKEN, "Access token is invalid"),
  TOKEN_BAD_SIGNATURE(DpopError.INVALID_TOKEN, "Access token is invalid"),
  TOKEN_ISSUER_MISMATCH(DpopError.INVALID_TOKEN, "Access token is invalid"),
  TOKEN_AUDIENCE_MISMATCH(DpopError.INVALID_TOKEN, "Access token is invalid"),
  TOKEN_NOT_YET_VALID(DpopError.INVALID_TOKEN, "Access token is invalid"),
  TOKEN_INACTIVE(DpopError.INVALID_TOKEN, "Access token is invalid"),
  /**
   * Well-formed, but unusable: no subject, a confirmation not honoured, a signing key the key
   * rules refuse.
   */
  TOKEN_INVALID(DpopError.INVALID_TOKEN, "Access token is invalid"),
  TOKEN_EXPIRED(DpopError.INVALID_TOKEN, "Access token has expired"),
  TOKEN_DATE_OUT_OF_RANGE(
      DpopError.INVALID_TOKEN, "Access token exp, nbf or iat is not a date within 1970..9999"),
  TOKEN_NOT_BOUND(DpopError.INVALID_TOKEN, "Access token is not bound to a DPoP key"),
  TOKEN_VALIDATION_UNAVAILABLE(
      DpopError.TEMPORARILY_UNAVAILABLE, "Token validation is temporarily unavailable"),

  // The DPoP header and the JWS around the proof
  MISSING_PROOF(DpopError.INVALID_DPOP_PROOF, "DPoP proof required"),
  MULTIPLE_PROOFS(DpopError.INVALID_DPOP_PROOF, "More than one DPoP proof"),
  PROOF_TOO_LARGE(DpopError.INVALID_DPOP_PROOF, "DPoP proof is too large"),
  MALFORMED_PROOF(DpopError.INVALID_DPOP_PROOF, "DPoP proof is not a well-formed compact JWS"),
  MISSING_TYP(DpopError.INVALID_DPOP_PROOF, "DPoP proof has no typ header"),
  WRONG_TYP(DpopError.INVALID_DPOP_PROOF, "DPoP proof typ must be dpop+jwt"),
  MISSING_ALG(DpopError.INVALID_DPOP_PROOF, "DPoP proof has no alg header"),
  ALG_NOT_ALLOWED(DpopError.INVALID_DPOP_PROOF, "DPoP proof alg is not allowed"),
  UNSUPPORTED_CRITICAL_HEADER(DpopError.INVALID_DPOP_PROOF, "DPoP proof has a crit header"),
  MISSING_JWK(DpopError.INVALID_DPOP_PROOF, "DPoP proof has no jwk header"),
  INVALID_JWK(DpopError.INVALID_DPOP_PROOF, "DPoP proof jwk is not a valid public key"),
  PRIVATE_KEY_IN_JWK(DpopError.INVALID_DPOP_PROOF, "DPoP proof jwk contains private key material"),
  KEY_DOES_NOT_MATCH_ALG(DpopError.INVALID_DPOP_PROOF, "DPoP proof jwk does not fit its alg"),
  KEY_TOO_SMALL(DpopError.INVALID_DPOP_PROOF, "DPoP proof RSA key is too small"),
  KEY_TOO_LARGE(DpopError.INVALID_DPOP_PROOF, "DPoP proof RSA key is too large"),
  EC_POINT_NOT_ON_CURVE(DpopError.INVALID_DPOP_PROOF, "DPoP proof EC key is not on its curve"),
  RSA_EXPONENT_NOT_ALLOWED(
      DpopError.INVALID_DPOP_PROOF, "DPoP proof RSA key exponent is outside 2^16..2^256 or even"),
  WEAK_KEY(DpopError.INVALID_DPOP_PROOF, "DPoP proof key is one anyone can sign for"),
  BAD_SIGNATURE(DpopError.INVALID_DPOP_PROOF, "DPoP proof signature is invalid"),

  // Claims
  MALFORMED_CLAIMS(DpopError.INVALID_DPOP_PROOF, "DPoP proof claims are not a valid JSON object"),
  MISSING_JTI(DpopError.INVALID_DPOP_PROOF, "DPoP proof has no jti"),
  JTI_TOO_LONG(DpopError.INVALID_DPOP_PROOF, "DPoP proof jti is too long"),
  MISSING_HTM(DpopError.INVALID_DPOP_PROOF, "DPoP proof has no htm"),
  HTM_MISMATCH(DpopError.INVALID_DPOP_PROOF, "DPoP proof htm does not match the request method"),
  MISSING_HTU(DpopError.INVALID_DPOP_PROOF, "DPoP proof has no htu"),
  INVALID_HTU(DpopError.INVALID_DPOP_PROOF, "DPoP proof htu is not an absolute http(s) URI"),
  HTU_MISMATCH(DpopError.INVALID_DPOP_PROOF, "DPoP proof htu does not match the request URI"),
  /**
   * The request names a scheme, host or port outside the configured public base URIs. No proof
   * can be valid here, since {@code htu} must name this server (RFC 9449 §4.3 check 9): refused
   * as {@code invalid_dpop_proof} like any other request whose {@code htu} cannot match.
   */
  TARGET_OUTSIDE_PUBLIC_BASE(
      DpopError.INVALID_DPOP_PROOF, "The request URI is not one this server answers for"),
  /** The trusted proxy's forwarding header and the other kind name different targets. */
  CONFLICTING_PROXY_HEADERS(
      DpopError.INVALID_DPOP_PROOF, "The forwarding headers name conflicting request URIs"),
  MISSING_IAT(DpopError.INVALID_DPOP_PROOF, "DPoP proof has no iat"),
  IAT_TOO_OLD(DpopError.INVALID_DPOP_PROOF, "DPoP proof is too old"),
  IAT_IN_FUTURE(DpopError.INVALID_DPOP_PROOF, "DPoP proof is issued in the future"),
  MISSING_NONCE(DpopError.USE_DPOP_NONCE, "DPoP proof must include the server nonce"),
  EXPIRED_NONCE(DpopError.USE_DPOP_NONCE, "DPoP proof nonce has expired"),
  INVALID_NONCE(DpopError.USE_DPOP_NONCE, "DPoP proof nonce is not valid"),
  MISSING_ATH(DpopError.INVALID_DPOP_PROOF, "DPoP proof has no ath for the access token"),
  ATH_MISMATCH(DpopError.INVALID_DPOP_PROOF, "DPoP proof ath does not match the access token"),
  KEY_NOT_BOUND_TO_TOKEN(
      DpopError.INVALID_DPOP_PROOF, "DPoP proof key does not match the access token binding"),
  /** The authorization code is bound (RFC 9449 §10) to another key than the proof's. */
  DPOP_JKT_MISMATCH(
      DpopError.INVALID_GRANT, "The authorization code is bound to another DPoP key"),
  REPLAYED_PROOF(DpopError.INVALID_DPOP_PROOF, "DPoP proof has already been used"),
  REPLAY_STORE_UNAVAILABLE(
      DpopError.TEMPORARILY_UNAVAILABLE, "DPoP replay protection is temporarily unavailable"),

  // Request parameters and failures of the server itself
  REPEATED_PARAMETER(DpopError.INVALID_REQUEST, "A request parameter is repeated"),
  /** A {@code dpop_jkt} authorization request parameter that is no SHA-256 JWK thumbprint. */
  MALFORMED_DPOP_JKT(
      DpopError.INVALID_REQUEST, "dpop_jkt must be a base64url SHA-256 JWK thumbprint"),
  /**
   * A token request without a visible {@code grant_type}, at a token endpoint that checks code
   * bindings: the {@code code} could not be seen either, so its binding could not be checked.
   */
  MISSING_GRANT_TYPE(DpopError.INVALID_REQUEST, "The grant_type parameter is required"),
  CODE_BINDING_UNAVAILABLE(
      DpopError.TEMPORARILY_UNAVAILABLE,
      "The authorization code binding is temporarily unavailable"),
  INTERNAL_FAILURE(DpopError.TEMPORARILY_UNAVAILABLE, "DPoP verification is temporarily unavailable");

  private final DpopError error;
  private final String description;

  RefusalReason(DpopError error, String description) {
    this.error = error;
    this.description = description;
  }

  /** The {@code error} code sent to the client, unless {@link #lacksUsableCredentials()}. */
  public DpopError error() {
    return error;
  }

  /**
   * Whether the request carried no credentials this server accepts: none, or those of another
   * scheme (Basic, or Bearer with an unbound token). RFC 6750 §3.1: the challenge then carries no
   * {@code error} code, so none is sent for these reasons.
   */
  public boolean lacksUsableCredentials() {
    return this == MISSING_CREDENTIALS || this == UNSUPPORTED_AUTHORIZATION_SCHEME;
  }

  /** The {@code error_description} sent to the client: fixed text, free of request data. */
  public String description() {
    return description;
  }
}
