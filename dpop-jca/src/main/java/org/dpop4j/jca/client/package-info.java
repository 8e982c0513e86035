/**
 * A DPoP client on {@link java.net.http.HttpClient}: {@link org.dpop4j.jca.client.DpopClient}
 * signs every request, remembers each origin's {@code DPoP-Nonce} (of at most 256 origins),
 * answers a {@code use_dpop_nonce} challenge once, and with {@link
 * org.dpop4j.jca.client.ClientCredentials} obtains and caches DPoP-bound access tokens:
 *
 * <pre>{@code
 * DpopClient client = DpopClient.builder(proofs)
 *     .clientCredentials(ClientCredentials.of(tokenEndpoint, "client-42", secret)
 *         .withScope("orders.read"))
 *     .build();
 * HttpResponse<String> orders = client.sendWithAccessToken(request, BodyHandlers.ofString());
 * }</pre>
 *
 * <p>A token endpoint that refuses, issues no DPoP-bound token, or answers with more than 64 KiB
 * is reported as a {@link org.dpop4j.jca.client.TokenRequestException}; the oversized body is not
 * read.
 */
package org.dpop4j.jca.client;
