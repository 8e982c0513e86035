package org.dpop4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import org.dpop4j.jca.ProofClaims;
import org.dpop4j.jca.DpopProofFactory;

/**
 * The stolen-token and captured-request attacks every protected endpoint must refuse, whichever
 * adapter protects it (the filter and annotation of {@link DpopFlowIT}, the container's own
 * authentication of {@link ContainerSecurityContract}); each refused exactly as the filter refuses
 * it.
 */
final class StolenTokenAttacks {

  private StolenTokenAttacks() {}

  /**
   * An eavesdropper who captured a request to {@code endpoint} (its {@code token} and a proof
   * from {@code proofs}) sends it again: the original is accepted, the replay refused.
   */
  static void assertReplayedRequestIsRefused(
      String endpoint, URI uri, String token, DpopProofFactory proofs) throws Exception {
    String nonce = Http.serverNonce(uri, token, proofs);
    String proof = proofs.proof("GET", uri, ProofClaims.accessToken(token).withNonce(nonce));

    HttpResponse<String> original = Http.get(uri, "Authorization", "DPoP " + token, "DPoP", proof);
    HttpResponse<String> replay = Http.get(uri, "Authorization", "DPoP " + token, "DPoP", proof);

    assertThat(original.statusCode()).as(endpoint).isEqualTo(200);
    assertThat(replay.statusCode()).as(endpoint).isEqualTo(401);
    assertThat(Http.dpopChallenge(replay)).as(endpoint)
        .containsEntry("error", "invalid_dpop_proof")
        .containsEntry("error_description", "DPoP proof has already been used");
  }

  /** A thief with the access token but not the HSM key it is bound to signs with its own key. */
  static void assertStolenTokenWithAnotherKeyIsRefused(ItEnvironment environment, URI uri)
      throws Exception {
    String stolenToken = environment.newClient().accessToken();
    DpopProofFactory thiefProofs = ItEnvironment.strangerProofs();
    // Nonces are not secret: the thief gets one as any client does.
    String nonce = Http.serverNonce(uri, stolenToken, environment.clientProofs());
    String proof =
        thiefProofs.proof("GET", uri, ProofClaims.accessToken(stolenToken).withNonce(nonce));

    HttpResponse<String> response =
        Http.get(uri, "Authorization", "DPoP " + stolenToken, "DPoP", proof);

    assertThat(response.statusCode()).as(uri.toString()).isEqualTo(401);
    assertThat(Http.dpopChallenge(response)).as(uri.toString())
        .containsEntry("error", "invalid_dpop_proof")
        .containsEntry("error_description",
            "DPoP proof key does not match the access token binding");
  }

  /** A downgrade: a stolen DPoP-bound token presented as a plain Bearer token. */
  static void assertBoundTokenAsBearerIsRefused(ItEnvironment environment, URI uri)
      throws Exception {
    String stolenToken = environment.newClient().accessToken();

    HttpResponse<String> response = Http.get(uri, "Authorization", "Bearer " + stolenToken);

    assertThat(response.statusCode()).as(uri.toString()).isEqualTo(401);
    assertThat(Http.dpopChallenge(response)).as(uri.toString())
        .containsEntry("error", "invalid_token")
        .containsEntry("error_description", "DPoP-bound token presented as a Bearer token");
  }
}
