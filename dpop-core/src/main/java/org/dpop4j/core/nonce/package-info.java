/**
 * Stateless server nonces for DPoP (RFC 9449 §8, §9): {@link org.dpop4j.core.nonce.NonceService}
 * issues HMAC-authenticated, time-bound nonces that any node sharing the key accepts.
 */
package org.dpop4j.core.nonce;
