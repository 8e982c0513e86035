/**
 * DPoP proofs and access tokens signed with any JCA key, a key in a PKCS#11 token included.
 *
 * <p>A client signs a proof per request with a {@link org.dpop4j.jca.DpopProofFactory}; the
 * access token it is sent with (its hash becomes {@code ath}) and the server's nonce are named in
 * a {@link org.dpop4j.jca.ProofClaims}, never passed as bare strings that could be swapped:
 *
 * <pre>{@code
 * DpopProofFactory proofs = DpopProofFactory.builder(JwsAlgorithm.ES256, privateKey, publicKey)
 *     .build();
 * String plain = proofs.proof("POST", tokenEndpoint);
 * String bound = proofs.proof("GET", api, ProofClaims.accessToken(token).withNonce(nonce));
 * }</pre>
 *
 * <p>An authorization server signs DPoP-bound JWT access tokens with an {@link
 * org.dpop4j.jca.AccessTokenSigner}. Both builders refuse a {@code null} by name, an option set
 * twice, and a key that does not suit the algorithm or does not belong to its public key.
 */
package org.dpop4j.jca;
