package org.dpop4j.core;

/** The {@code error} codes of RFC 9449, RFC 6750 and RFC 6749 that a refusal carries. */
public enum DpopError {
  INVALID_DPOP_PROOF("invalid_dpop_proof"),
  USE_DPOP_NONCE("use_dpop_nonce"),
  INVALID_TOKEN("invalid_token"),
  INVALID_REQUEST("invalid_request"),
  /** RFC 6749 §5.2: at a token endpoint, an authorization code bound to another key. */
  INVALID_GRANT("invalid_grant"),
  /** The replay store or the token introspection endpoint could not answer; answer 503. */
  TEMPORARILY_UNAVAILABLE("temporarily_unavailable");

  private final String code;

  DpopError(String code) {
    this.code = code;
  }

  /** The value of the {@code error} parameter, for example {@code invalid_dpop_proof}. */
  public String code() {
    return code;
  }
}
