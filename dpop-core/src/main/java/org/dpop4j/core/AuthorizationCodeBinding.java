package org.dpop4j.core;

import java.util.Optional;

/**
 * Where a token endpoint learns which key an authorization code is bound to (RFC 9449 §10): the
 * {@code dpop_jkt} the client sent with its authorization request, or the thumbprint of the proof
 * it sent with its pushed authorization request (§10.1), which the authorization server stored
 * with the code it issued.
 *
 * <p>The binding comes from the authorization server, never from the token request: whoever
 * redeems a stolen code writes the token request, and would simply leave a {@code dpop_jkt}
 * parameter out. A {@code DpopGate} (the servlet or JAX-RS filter) in token-endpoint mode asks for
 * the binding of every {@code code} parameter it sees; when there is one, the proof's key must
 * have that thumbprint (compared in constant time), or the request is refused with {@code
 * invalid_grant} before the authorization server sees it.
 *
 * <p>Implementations must be thread-safe, must not consume or otherwise change the code (the
 * filter runs before the authorization server redeems it), and, when their store cannot answer,
 * throw an unchecked exception: the request is then refused with 503, never let through. A class
 * named by the setting {@code dpop.authorization-code-binding} needs a public no-argument
 * constructor.
 */
@FunctionalInterface
public interface AuthorizationCodeBinding {

  /**
   * The {@code dpop_jkt} stored with {@code code}.
   *
   * @param code the token request's {@code code} parameter, as received; attacker-controlled
   * @return the base64url SHA-256 JWK thumbprint the code is bound to; empty when its
   *     authorization request bound it to no key, or when the code is unknown (the authorization
   *     server refuses an unknown code itself); never null
   */
  Optional<String> boundDpopJkt(String code);
}
