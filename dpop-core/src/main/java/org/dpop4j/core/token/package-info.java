/**
 * {@link org.dpop4j.core.AccessTokenValidator} implementations: {@link
 * org.dpop4j.core.token.JwtAccessTokenValidator} for JWT access tokens checked against a JWKS, and
 * {@link org.dpop4j.core.token.IntrospectionAccessTokenValidator} for RFC 7662 introspection. Both
 * read the {@code cnf.jkt} key binding of RFC 9449 §6.
 */
package org.dpop4j.core.token;
