package org.dpop4j.core.http;

import java.util.Optional;
import org.dpop4j.core.DpopException;
import org.dpop4j.core.DpopVerifier;
import org.dpop4j.core.VerifiedProof;

/**
 * What an HTTP adapter protects and how: either a {@link ResourceServerProtection} (an access
 * token plus its proof, a caller with roles) or a {@link TokenEndpointProtection} (a proof only,
 * whose key the authorization server binds the issued token to). {@link DpopGate} switches over
 * the two; each renders its own refusals, so a refusal can never be answered in the other's form.
 * Built in code through their builders, or from {@code dpop.*} strings by {@code
 * org.dpop4j.core.config.DpopSettings}. Immutable and thread-safe.
 */
public sealed interface DpopProtection permits ResourceServerProtection, TokenEndpointProtection {

  /** The proof verifier. */
  DpopVerifier verifier();

  /** How the URI a proof must name is found. */
  TargetUriResolver targetUriResolver();

  /**
   * The HTTP response for a refused request, the same in every adapter: see {@link HttpRefusal}.
   * A refusal asking for a nonce carries a fresh {@code DPoP-Nonce}.
   */
  HttpRefusal refusal(DpopException refusal);

  /**
   * The nonce to send in a {@code DPoP-Nonce} header of a successful response, when the proof
   * carried a nonce that is about to stop being accepted.
   */
  default Optional<String> nonceToOffer(VerifiedProof proof) {
    return Nonces.toOffer(verifier(), proof);
  }
}
