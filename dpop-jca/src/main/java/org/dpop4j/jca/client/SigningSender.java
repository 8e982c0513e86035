package org.dpop4j.jca.client;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.function.Predicate;
import org.dpop4j.jca.DpopProofFactory;
import org.dpop4j.jca.ProofClaims;

/**
 * Sends a request with a fresh proof, carrying the latest nonce of the request's origin, and
 * sends it once more with a new proof when the server answers with a nonce challenge: never more,
 * as a server that challenges again is misbehaving, not waiting for a nonce.
 */
final class SigningSender {

  private final HttpClient httpClient;
  private final DpopProofFactory proofs;
  private final NonceMemory nonces = new NonceMemory();

  SigningSender(HttpClient httpClient, DpopProofFactory proofs) {
    this.httpClient = httpClient;
    this.proofs = proofs;
  }

  DpopProofFactory proofs() {
    return proofs;
  }

  /**
   * @param token the claims without a nonce: none, or the access token sent with the request
   * @param isNonceChallenge whether a response asks for a proof with the nonce it offers
   */
  <T> HttpResponse<T> send(
      HttpRequest request,
      ProofClaims token,
      HttpResponse.BodyHandler<T> handler,
      Predicate<HttpResponse<T>> isNonceChallenge)
      throws IOException, InterruptedException {
    HttpResponse<T> response =
        httpClient.send(signed(request, withNonce(token, nonces.latestFor(request.uri()))), handler);
    Optional<String> offeredNonce = nonces.remember(request.uri(), response.headers());
    if (offeredNonce.isEmpty() || !isNonceChallenge.test(response)) {
      return response;
    }
    HttpResponse<T> retried =
        httpClient.send(signed(request, withNonce(token, offeredNonce)), handler);
    nonces.remember(request.uri(), retried.headers());
    return retried;
  }

  private static ProofClaims withNonce(ProofClaims token, Optional<String> nonce) {
    return nonce.map(token::withNonce).orElse(token);
  }

  /**
   * {@code request} with a {@code DPoP} header and, with an access token, {@code Authorization:
   * DPoP}: the caller's own headers of those names are replaced, never sent beside them.
   */
  private HttpRequest signed(HttpRequest request, ProofClaims claims) {
    Optional<String> accessToken = claims.accessToken();
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(
            request,
            (name, value) ->
                !name.equalsIgnoreCase("DPoP")
                    && !(accessToken.isPresent() && name.equalsIgnoreCase("Authorization")));
    builder.header("DPoP", proofs.proof(request.method(), request.uri(), claims));
    accessToken.ifPresent(token -> builder.header("Authorization", "DPoP " + token));
    return builder.build();
  }
}
