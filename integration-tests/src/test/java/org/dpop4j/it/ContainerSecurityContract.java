package org.dpop4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.dpop4j.jca.ProofClaims;
import org.dpop4j.jca.DpopProofFactory;
import org.dpop4j.jca.client.DpopClient;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.junit.jupiter.api.Test;

/**
 * What every server must show for {@link ContainerSecurityWar}: the container itself
 * authenticates the DPoP caller, its security constraint and the JAX-RS runtime's
 * {@code @RolesAllowed} authorize by the token's roles, and the attacks DPoP exists to stop are
 * refused exactly as the filter refuses them. Nonces are required,
 * so every accepted request is a client's answer to a challenge.
 */
abstract class ContainerSecurityContract {

  @ArquillianResource URL base;

  final ItEnvironment environment = ItEnvironment.get();

  /** The deployment's settings: the shared JWT settings, with server nonces required. */
  static Map<String, String> nonceSettings() {
    Map<String, String> settings = ItEnvironment.get().resourceServerSettings();
    settings.put("dpop.nonce", "true");
    settings.put("dpop.nonce.secret", "file:" + ItEnvironment.get().nonceSecretFile());
    return settings;
  }

  /** The endpoints whose protection the container enforces on this server. */
  abstract List<String> protectedEndpoints();

  @Test
  void aCallerWithTheRoleIsAcceptedByTheSecurityConstraint() throws Exception {
    HttpResponse<String> response =
        environment.newClient().sendWithAccessToken(request(ContainerSecurityWar.SERVLET),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("servlet hello it-client greetings.read=true");
  }

  @Test
  void aTokenWithoutTheRoleIsForbiddenAfterDpopAuthentication() throws Exception {
    DpopClient client = environment.newClient("greetings.write");

    HttpResponse<String> response =
        client.sendWithAccessToken(request(ContainerSecurityWar.SERVLET),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
  }

  @Test
  void theConstrainedServletWithoutCredentialsGetsTheDpopChallengeNotALoginPage()
      throws Exception {
    HttpResponse<String> anonymous = Http.get(uri(ContainerSecurityWar.SERVLET));

    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(Http.dpopChallenge(anonymous))
        .as("RFC 6750 §3.1: no error code for a request without credentials")
        .doesNotContainKey("error")
        .containsKey("algs");
    assertThat(anonymous.headers().allValues("WWW-Authenticate")).hasSize(1);
  }

  @Test
  void anUnprotectedPageWithoutCredentialsPassesUntouched() throws Exception {
    HttpResponse<String> open = Http.get(uri(ContainerSecurityWar.OPEN_SERVLET));

    assertThat(open.statusCode()).isEqualTo(200);
    assertThat(open.body()).isEqualTo("servlet hello null greetings.read=false");
  }

  @Test
  void aResourceProtectedOnlyByRolesAllowedAcceptsTheCallerWithTheRole() throws Exception {
    HttpResponse<String> response =
        environment.newClient().sendWithAccessToken(request(ContainerSecurityWar.RESOURCE),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("jax-rs hello it-client");
  }

  @Test
  void rolesAllowedForbidsATokenWithoutTheRoleAfterDpopAuthentication() throws Exception {
    HttpResponse<String> response =
        environment.newClient("greetings.write").sendWithAccessToken(
            request(ContainerSecurityWar.RESOURCE), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("WWW-Authenticate")).isEmpty();
  }

  /**
   * Stops the JAX-RS runtime from answering an anonymous caller of a resource protected only by
   * {@code @RolesAllowed} with a bare 403 (its {@code ForbiddenException}): the web container
   * does not know the resource as protected, yet the client must learn that DPoP is wanted, with
   * which algorithms and nonce (RFC 9449 §7.1, RFC 6750 §3).
   */
  @Test
  void aResourceProtectedOnlyByRolesAllowedChallengesAnAnonymousCallerNotA403() throws Exception {
    assertDpopChallengeWithoutCredentials(ContainerSecurityWar.RESOURCE);
  }

  /**
   * A 401 with the one {@code DPoP} challenge, without error code, and a nonce to use; without
   * body, as every adapter sends it, not a container's error page.
   */
  void assertDpopChallengeWithoutCredentials(String endpoint) throws Exception {
    HttpResponse<String> anonymous = Http.get(uri(endpoint));

    assertThat(anonymous.statusCode()).as(endpoint).isEqualTo(401);
    assertThat(anonymous.headers().allValues("WWW-Authenticate")).as(endpoint).hasSize(1);
    assertThat(Http.dpopChallenge(anonymous)).as(endpoint)
        .doesNotContainKey("error")
        .containsKey("algs");
    assertThat(anonymous.headers().firstValue("DPoP-Nonce")).as(endpoint).isPresent();
    assertThat(anonymous.body()).as(endpoint).isEmpty();
  }

  @Test
  void aRequiredNonceIsAnsweredByTheClientsSingleRetry() throws Exception {
    String token = environment.newClient().accessToken();
    for (String endpoint : protectedEndpoints()) {
      URI uri = uri(endpoint);
      HttpResponse<String> withoutNonce =
          Http.get(uri, "Authorization", "DPoP " + token,
              "DPoP", environment.clientProofs().proof("GET", uri, ProofClaims.accessToken(token)));

      assertThat(withoutNonce.statusCode()).as(endpoint).isEqualTo(401);
      assertThat(Http.dpopChallenge(withoutNonce)).as(endpoint)
          .containsEntry("error", "use_dpop_nonce");

      HttpResponse<String> answered =
          environment.newClient().sendWithAccessToken(request(endpoint),
              HttpResponse.BodyHandlers.ofString());

      assertThat(answered.statusCode()).as(endpoint).isEqualTo(200);
      assertThat(Http.proofClaims(answered.request())).as(endpoint).containsKey("nonce");
    }
  }

  /** Stops an eavesdropper who captured a request (token and proof) and sends it again. */
  @Test
  void aReplayedRequestIsRefusedBeforeTheContainerAuthorizes() throws Exception {
    String token = environment.newClient().accessToken();
    DpopProofFactory proofs = environment.clientProofs();
    for (String endpoint : protectedEndpoints()) {
      StolenTokenAttacks.assertReplayedRequestIsRefused(endpoint, uri(endpoint), token, proofs);
    }
  }

  /** Stops a thief who has the access token but not the HSM key it is bound to. */
  @Test
  void aStolenTokenUsedWithAnotherKeyIsRefused() throws Exception {
    for (String endpoint : protectedEndpoints()) {
      StolenTokenAttacks.assertStolenTokenWithAnotherKeyIsRefused(environment, uri(endpoint));
    }
  }

  /** Stops a downgrade: a stolen DPoP-bound token presented as a plain Bearer token. */
  @Test
  void aDpopBoundTokenPresentedAsBearerIsRefused() throws Exception {
    for (String endpoint : protectedEndpoints()) {
      StolenTokenAttacks.assertBoundTokenAsBearerIsRefused(environment, uri(endpoint));
    }
  }

  HttpRequest request(String endpoint) throws Exception {
    return HttpRequest.newBuilder(uri(endpoint)).build();
  }

  URI uri(String endpoint) throws Exception {
    return base.toURI().resolve(endpoint);
  }
}
