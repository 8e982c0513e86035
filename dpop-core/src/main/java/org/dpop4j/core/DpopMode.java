package org.dpop4j.core;

/** Where a proof is verified, which decides the checks (RFC 9449 §5, §7) and the responses. */
public enum DpopMode {
  /** A protected resource: the proof must carry {@code ath} and match the token's binding. */
  RESOURCE_SERVER,
  /** An authorization server's token endpoint: the proof's key is the one the token is bound to. */
  TOKEN_ENDPOINT
}
