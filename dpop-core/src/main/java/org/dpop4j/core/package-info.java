/**
 * RFC 9449 DPoP for servers: {@link org.dpop4j.core.DpopVerifier} checks proofs, {@link
 * org.dpop4j.core.DpopAuthenticator} authenticates requests to protected resources (token plus
 * proof plus binding), and {@link org.dpop4j.core.HttpRefusal} is the response every adapter
 * sends when a check fails.
 *
 * <p>Refusals are {@link org.dpop4j.core.DpopException}s naming a {@link
 * org.dpop4j.core.RefusalReason}; the client sees only its fixed {@code error} code and
 * description, never request data.
 */
package org.dpop4j.core;
