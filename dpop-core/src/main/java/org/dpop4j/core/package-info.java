/**
 * RFC 9449 DPoP for servers: {@link org.dpop4j.core.DpopVerifier} checks proofs of a {@link
 * org.dpop4j.core.DpopRequest} (sealed: a request to a resource server or to a token endpoint),
 * {@link org.dpop4j.core.DpopAuthenticator} authenticates requests to protected resources (token
 * plus proof plus binding), and {@link org.dpop4j.core.http.HttpRefusal} is the response every adapter
 * sends when a check fails.
 *
 * <p>Refusals are {@link org.dpop4j.core.DpopException}s naming a {@link
 * org.dpop4j.core.RefusalReason}; the client sees only its fixed {@code error} code and
 * description, never request data. A {@link org.dpop4j.core.VerifiedProof} is made only by the
 * verifier. The machinery behind it is in {@code org.dpop4j.core.internal}, which is not API.
 */
package org.dpop4j.core;
